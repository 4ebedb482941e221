package org.ioptstress.stress.explore;

import java.util.Locale;

import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.HwQueue;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;

/**
 * A minimized program written out for people: the call list in the kernel selftest's terms (ioctls and mock test
 * ops, with what each returned on the failing design and on the reference), and a JUnit test ready to paste into
 * core's tests (package org.ioptstress.iommufd), which fails on the design until the bug is fixed.
 */
public final class Reproducer
{
    private Reproducer()
    {
    }

    /** The call list in selftest terms, each with its result on {@code design} and on {@code reference}. */
    public static String selftest(final Program p, final Design design, final Design reference, final int failingCall)
    {
        final Execution e = Execution.run(p, design, false);
        final Execution ref = Execution.run(p, reference, false);
        final StringBuilder sb = new StringBuilder();
        sb.append("fd = open(\"/dev/iommu\"); buffer0 = mmap(").append(Program.BUF0_PAGES)
            .append(" pages); buffer1 = mmap(").append(Program.BUF1_PAGES).append(" pages, not contiguous)\n");
        for (int i = 0; i < p.size(); i++)
        {
            final String got = i < e.ran ? Execution.name(e.results[i]) : "-";
            final String want = i < ref.ran ? Execution.name(ref.results[i]) : "-";
            sb.append(String.format(Locale.ROOT, "r%-2d = %s = %s", i, selftestCall(p.call(i)), got));
            if (!got.equals(want))
            {
                sb.append("   (").append(reference.name()).append(": ").append(want).append(')');
            }
            if (i == failingCall)
            {
                sb.append("   <-- ").append(design.name());
            }
            sb.append('\n');
        }
        sb.append("close(fd)").append(failingCall >= p.size() ? "   <-- " + design.name() : "").append('\n');
        return sb.toString();
    }

    /** A concurrent program: the prefix in order, then each actor on its own thread, with what the run saw. */
    public static String concurrent(final Finding f)
    {
        final Program p = f.minimized != null ? f.minimized : f.program;
        final int cut = p.size() - f.threads;
        final StringBuilder sb = new StringBuilder();
        sb.append("fd = open(\"/dev/iommu\"); buffer0 = mmap(").append(Program.BUF0_PAGES)
            .append(" pages); buffer1 = mmap(").append(Program.BUF1_PAGES).append(" pages, not contiguous)\n");
        for (int i = 0; i < p.size(); i++)
        {
            sb.append(i < cut ? String.format(Locale.ROOT, "r%-2d = ", i) : "thread " + (i - cut) + ": ")
                .append(selftestCall(i < cut ? p.call(i) : Concurrent.split(p, f.threads).actors().get(i - cut))).append('\n');
        }
        sb.append("close(fd)\n");
        if (f.interleaving == null)
        {
            sb.append("(threads started together after r").append(cut - 1).append("; on real threads, so no interleaving is"
                + " recorded) ").append(f.minimizedText != null ? f.minimizedText : f.text).append('\n');
            return sb.toString();
        }
        sb.append("(threads started together after r").append(cut - 1).append("; the model checker's failing interleaving follows,"
            + " thread k = threadk; explore the program again: ").append(f.replay).append(")\n")
            .append(f.minimizedText != null ? f.minimizedText : f.text).append("\n\n").append(f.interleaving);
        return sb.toString();
    }

    private static String arg(final Call c, final int i)
    {
        return c.isRef(i) ? "r" + c.args()[i] : Programs.literal(c.op().args.get(i), c.args()[i]);
    }

    static String selftestCall(final Call c)
    {
        final long[] a = c.args();
        switch (c.op())
        {
            case MAP_N:
                return String.format(Locale.ROOT, "for k < %d: IOMMU_IOAS_MAP(ioas_id=%s, iova=%s + k*%s, buffer0 + page "
                    + "(k*%d %% %d), length=%d pages, FIXED_IOVA|READABLE|WRITEABLE)", a[2], arg(c, 0), arg(c, 1), arg(c, 4),
                    a[3], Program.BUF0_PAGES - a[3] + 1, a[3]);
            case CREATE_N:
                return String.format(Locale.ROOT, "for k < %d: IOMMU_TEST_OP_CREATE_ACCESS(ioas_id=%s, flags=%s) (first fd)",
                    a[1], arg(c, 0), arg(c, 2));
            case PIN_EACH:
                return String.format(Locale.ROOT, "for k < %d: IOMMU_TEST_OP_ACCESS_PAGES(access_fd=%s, iova=%s + k*%s, "
                    + "length=0x1000, flags=0)", a[2], arg(c, 0), arg(c, 1), arg(c, 3));
            case IOAS_MAP:
                return String.format(Locale.ROOT, "IOMMU_IOAS_MAP(ioas_id=%s, iova=%s, user_va=buffer%d + %s, length=%s, "
                    + "FIXED_IOVA|%s)", arg(c, 0), arg(c, 1), a[2], arg(c, 3), arg(c, 4), arg(c, 5));
            default:
                final StringBuilder sb = new StringBuilder(c.op().uapi).append('(');
                for (int i = 0; i < a.length; i++)
                {
                    sb.append(i == 0 ? "" : ", ").append(c.op().args.get(i).name().toLowerCase(Locale.ROOT)).append('=')
                        .append(arg(c, i));
                }
                return sb.append(')').toString();
        }
    }

    // ---------------------------------------------------------------------------------------------- JUnit

    /** A JUnit 5 test for core's tests; it asserts the reference's behaviour, so it fails on {@code f.design}. */
    public static String junit(final Finding f, final Design design, final Design reference, final long seed)
    {
        final Program p = f.minimized != null ? f.minimized : f.program;
        final Execution ref = Execution.run(p, reference, false);
        final int at = f.minimized != null ? f.minimizedCall : p.size();
        final StringBuilder sb = new StringBuilder();
        sb.append("    /** ").append(f.signature()).append(": found by ./iopt-stress explore --seed ").append(seed)
            .append(" (program ").append(f.programNumber).append("), shrunk to ").append(p.size()).append(" calls. */\n");
        sb.append("    @Test\n    void explore").append(methodName(f)).append("()\n    {\n");
        /* a suite-only control lives in stress-tests (controls/): its test goes there; the explorer's reference too */
        final boolean inCore = org.ioptstress.design.Designs.core().stream().anyMatch(d -> d.name().equals(design.name()));
        if (!inCore)
        {
            sb.append("        // ").append(design.name()).append(" is a stress-tests design: paste into stress-tests, not core\n");
        }
        sb.append("        final IommufdCtx ctx = new IommufdCtx(new Kernel(Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(100)),\n")
            .append("            ").append(inCore ? "Designs" : "org.ioptstress.design.Designs")
            .append(".byName(\"").append(design.name()).append("\"));\n");
        sb.append("        final UserBuffer buffer0 = ctx.allocUserBuffer(").append(Program.BUF0_PAGES).append(");\n");
        sb.append("        final UserBuffer buffer1 = ctx.allocUserBuffer(").append(Program.BUF1_PAGES).append(", true);\n");
        for (int i = 0; i < p.size(); i++)
        {
            sb.append(javaCall(p.call(i), i));
            if (i == at)
            {
                sb.append(assertion(f, i, ref));
            }
        }
        if (at >= p.size() && f.oracle.equals("state"))
        {
            sb.append(assertion(f, p.size(), ref));
        }
        sb.append("        ctx.close();\n");
        if (at >= p.size() && !f.oracle.equals("state"))
        {
            sb.append(assertion(f, p.size(), ref));
        }
        sb.append("    }\n");
        return sb.toString();
    }

    private static String methodName(final Finding f)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String part : (f.design + "_" + f.oracle + "_" + f.key).split("[^A-Za-z0-9]+"))
        {
            if (!part.isEmpty())
            {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return sb.length() > 80 ? sb.substring(0, 80) : sb.toString();
    }

    private static String assertion(final Finding f, final int call, final Execution ref)
    {
        final String r = "r" + call;
        switch (f.oracle)
        {
            case "errno":
            {
                final int want = ref.results[call];
                final String expect = want > 0 ? ".isPositive()" : want == 0 ? ".isZero()"
                    : ".isEqualTo(-Errno." + Errno.symbol(-want) + ")";
                return "        assertThat(" + r + ").as(\"" + ref.design.name() + " returns " + Execution.name(want) + "\")"
                    + expect + ";\n";
            }
            case "report":
            {
                final String kind = f.key.substring(0, f.key.indexOf('@'));
                if (kind.startsWith("EXCEPTION"))
                {
                    return "        // the port threw above: " + f.text.replace('\n', ' ') + "\n";
                }
                return "        assertThat(ctx.reports().count(Report.Kind." + kind + ")).as(\"%s\", ctx.reports()).isZero();\n";
            }
            case "invariant":
                return "        assertThat(Invariants.check(ctx)).isEmpty();\n";
            case "release":
                return "        assertThat(ctx.pinnedPages()).isZero();\n        assertThat(ctx.objectCount(ObjType.ANY)).isZero();\n";
            default:
            {
                /* the reference's areas per IOAS and its pinned pages, before the release */
                final StringBuilder sb = new StringBuilder("        // " + ref.design.name() + " ends in: " + ref.state + "\n");
                final java.util.regex.Matcher m = java.util.regex.Pattern.compile("IOAS ([0-9]+) \\{areas=([0-9]+)")
                    .matcher(ref.state);
                while (m.find())
                {
                    sb.append("        assertThat(((Ioas)ctx.peekObject(").append(m.group(1)).append(")).iopt().areaCount()).isEqualTo(")
                        .append(m.group(2)).append(");\n");
                }
                final String pinned = ref.state.substring(ref.state.lastIndexOf("pinned=") + 7);
                return sb.append("        assertThat(ctx.pinnedPages()).isEqualTo(").append(pinned).append(");\n").toString();
            }
        }
    }

    private static String v(final Call c, final int i)
    {
        if (c.isRef(i))
        {
            return "r" + c.args()[i];
        }
        final long x = c.args()[i];
        if (c.op().args.get(i) == Op.Arg.QUEUE_TYPE && (int)x == HwQueue.TYPE_SELFTEST)
        {
            return "HwQueue.TYPE_SELFTEST";
        }
        return c.op().args.get(i).id || c.op().args.get(i).name().endsWith("FLAGS") || c.op().args.get(i) == Op.Arg.INDEX
            || c.op().args.get(i) == Op.Arg.QUEUE_TYPE ? Integer.toString((int)x)
            : x == Kernel.ULONG_MAX ? "Kernel.ULONG_MAX" : "0x" + Long.toHexString(x) + "L";
    }

    private static String javaCall(final Call c, final int i)
    {
        final String r = "r" + i;
        final long[] a = c.args();
        final String decl = "        final int " + r + " = ";
        switch (c.op())
        {
            case IOAS_ALLOC:
                return decl + "ctx.ioasAlloc();\n";
            case DESTROY:
                return decl + "ctx.destroy(" + v(c, 0) + ");\n";
            case IOAS_MAP:
                return decl + "ctx.ioasMap(" + v(c, 0) + ", " + v(c, 1) + ", buffer" + (a[2] & 1) + ", " + v(c, 3) + ", "
                    + v(c, 4) + ", " + v(c, 5) + ");\n";
            case MAP_N:
                return "        int " + r + " = 0;\n        for (long k = 0; k < " + a[2] + " && " + r + " == 0; k++)\n        {\n"
                    + "            " + r + " = ctx.ioasMap(" + v(c, 0) + ", " + v(c, 1) + " + k * " + v(c, 4) + ", buffer0, (k * "
                    + a[3] + " % " + (Program.BUF0_PAGES - a[3] + 1) + ") * Kernel.PAGE_SIZE, " + a[3] + " * Kernel.PAGE_SIZE);\n"
                    + "        }\n";
            case IOAS_UNMAP:
                return decl + "ctx.ioasUnmap(" + v(c, 0) + ", " + v(c, 1) + ", " + v(c, 2) + ");\n";
            case CREATE_ACCESS:
                return decl + "ctx.testCreateAccess(" + v(c, 0) + ", " + v(c, 1) + ");\n";
            case CREATE_N:
                return "        int " + r + " = 0;\n        for (long k = 0; k < " + a[1] + "; k++)\n        {\n"
                    + "            final int fd = ctx.testCreateAccess(" + v(c, 0) + ", " + v(c, 2) + ");\n"
                    + "            if (fd < 0 || k == 0)\n            {\n                " + r + " = fd;\n            }\n"
                    + "            if (fd < 0)\n            {\n                break;\n            }\n        }\n";
            case ACCESS_PAGES:
                return decl + "ctx.testAccessPages(" + v(c, 0) + ", " + v(c, 1) + ", " + v(c, 2) + ", " + v(c, 3) + ");\n";
            case PIN_EACH:
                return "        int " + r + " = 0;\n        for (long k = 0; k < " + a[2] + "; k++)\n        {\n"
                    + "            final int rc = ctx.testAccessPages(" + v(c, 0) + ", " + v(c, 1) + " + k * " + v(c, 3)
                    + ", Kernel.PAGE_SIZE, 0);\n"
                    + "            if (rc < 0)\n            {\n                " + r + " = rc;\n                break;\n"
                    + "            }\n        }\n";
            case DESTROY_ACCESS_PAGES:
                return decl + "ctx.testDestroyAccessPages(" + v(c, 0) + ", " + v(c, 1) + ");\n";
            case ACCESS_REPLACE_IOAS:
                return decl + "ctx.testAccessReplaceIoas(" + v(c, 0) + ", " + v(c, 1) + ");\n";
            case CLOSE_FD:
                return decl + "ctx.closeFd(" + v(c, 0) + ");\n";
            case VIOMMU_ALLOC:
                return decl + "ctx.viommuAlloc(" + v(c, 0) + ");\n";
            case HW_QUEUE_ALLOC:
                return decl + "ctx.hwQueueAlloc(" + v(c, 0) + ", " + v(c, 4) + ", " + v(c, 1) + ", " + v(c, 2) + ", "
                    + v(c, 3) + ", 0);\n";
            default:
                throw new AssertionError(c.op());
        }
    }
}

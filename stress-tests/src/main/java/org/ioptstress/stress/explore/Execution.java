package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.HwQueue;
import org.ioptstress.iommufd.Invariants;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.Ioas;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.IommufdObject;
import org.ioptstress.iommufd.ObjType;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.KernelHang;
import org.ioptstress.kernel.KernelOops;
import org.ioptstress.kernel.Lockdep;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.UserBuffer;

/**
 * One program run on one design, sequentially on the calling thread: every call's result, what the detectors
 * reported during it, the structural invariants after it, the state before the process exits and what the
 * release left behind. A call that throws (an oops, or a port defect) ends the run: nothing after it runs.
 */
public final class Execution
{
    /** iommufd_object_dec_wait()'s bound: a leaked wait_cnt costs a program 1 ms, not the kernel's 60 s. */
    public static final long REMOVE_WAIT_MILLIS = 1;
    /** A call that threw instead of returning. */
    public static final int THREW = Integer.MIN_VALUE;

    /** A report, an invariant violation or a release leftover, at call {@code call} (size() = the release). */
    public record Event(int call, String oracle, String key, String text)
    {
    }

    public final Design design;
    public final Program program;
    public final int[] results;
    public final List<Event> events = new ArrayList<>();
    /** Calls that ran (all of them unless one threw). */
    public int ran;
    /** The state before the release: areas, counters, objects, pins (equal on designs that agree). */
    public String state = "";

    private Execution(final Design design, final Program program)
    {
        this.design = design;
        this.program = program;
        this.results = new int[program.size()];
    }

    public boolean threw()
    {
        return ran < program.size();
    }

    /** Runs {@code program} on a fresh debug kernel (lockdep on) built with {@code design}. */
    public static Execution run(final Program program, final Design design, final boolean invariants)
    {
        final Execution e = new Execution(design, program);
        final Kernel kernel = new Kernel(Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(REMOVE_WAIT_MILLIS));
        final IommufdCtx ctx = new IommufdCtx(kernel, design);
        final UserBuffer[] buffers = {ctx.allocUserBuffer(Program.BUF0_PAGES),
            ctx.allocUserBuffer(Program.BUF1_PAGES, true)};
        int seen = 0;
        for (int i = 0; i < program.size(); i++)
        {
            try
            {
                e.results[i] = call(ctx, buffers, program.call(i), e.results);
            }
            catch (final Throwable t)
            {
                e.results[i] = THREW;
                e.reports(kernel, i, seen);
                if (!(t instanceof KernelOops) && !(t instanceof KernelHang))
                {
                    /* not a modelled kernel failure: the port itself threw (a port defect to fix) */
                    e.event(i, "report", "EXCEPTION@" + site(t), "the port threw " + t);
                }
                Lockdep.forgetHeldLocksOfCurrentThread();
                e.ran = i;
                return e;
            }
            seen = e.reports(kernel, i, seen);
            if (invariants)
            {
                for (final String v : Invariants.check(ctx))
                {
                    e.event(i, "invariant", Execution.normalize(v), v);
                }
            }
        }
        e.ran = program.size();
        e.state = state(ctx);
        try
        {
            ctx.release();
        }
        catch (final Throwable t)
        {
            Lockdep.forgetHeldLocksOfCurrentThread();
            if (!(t instanceof KernelOops) && !(t instanceof KernelHang))
            {
                e.event(program.size(), "report", "EXCEPTION@" + site(t), "the port threw at release: " + t);
            }
            e.reports(kernel, program.size(), seen);
            return e;
        }
        e.reports(kernel, program.size(), seen);
        final long pins = kernel.pinnedPages();
        final int objects = ctx.objectCount(ObjType.ANY);
        if (pins != 0)
        {
            e.event(program.size(), "release", "pins", pins + " pages still pinned after the release");
        }
        if (objects != 0)
        {
            e.event(program.size(), "release", "objects", objects + " objects left after the release");
        }
        return e;
    }

    /** Adds an event unless the same (oracle, key) was already seen in this run. */
    private void event(final int call, final String oracle, final String key, final String text)
    {
        for (final Event ev : events)
        {
            if (ev.oracle.equals(oracle) && ev.key.equals(key))
            {
                return;
            }
        }
        events.add(new Event(call, oracle, key, text));
    }

    private int reports(final Kernel kernel, final int call, final int seen)
    {
        final int total = kernel.reports().total();
        if (total == seen)
        {
            return total;
        }
        final List<Report> list = kernel.reports().list();
        for (int i = Math.min(seen, list.size()); i < list.size(); i++)
        {
            final Report r = list.get(i);
            event(call, "report", r.kind() + "@" + method(r.site()), r.kind() + " " + r.message() + " at " + r.site());
        }
        return total;
    }

    /** "IoPagetable.unmapIovaRange:312 <- X" -> "IoPagetable.unmapIovaRange": a site stable across edits. */
    static String method(final String site)
    {
        final int colon = site.indexOf(':');
        return colon < 0 ? site : site.substring(0, colon);
    }

    private static String site(final Throwable t)
    {
        for (final StackTraceElement f : t.getStackTrace())
        {
            if (f.getClassName().startsWith("org.ioptstress.iommufd") || f.getClassName().startsWith("org.ioptstress.design"))
            {
                final String cls = f.getClassName();
                return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName();
            }
        }
        return t.getClass().getSimpleName();
    }

    /** An invariant violation without its numbers: the dedup key (object kind and field). */
    static String normalize(final String violation)
    {
        return violation.replaceAll("\\(.*?\\)", "").replaceAll("\\[.*?\\]", "").replaceAll("0x[0-9a-f]+", "#")
            .replaceAll("[0-9]+", "#").replaceAll("[\\s:=,]+", "_").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ calls

    private static int arg(final Call c, final int i, final int[] results)
    {
        return c.isRef(i) ? results[(int)c.args()[i]] : (int)c.args()[i];
    }

    static int call(final IommufdCtx ctx, final UserBuffer[] buffers, final Call c, final int[] results)
    {
        final long[] a = c.args();
        switch (c.op())
        {
            case IOAS_ALLOC:
                return ctx.ioasAlloc();
            case DESTROY:
                return ctx.destroy(arg(c, 0, results));
            case IOAS_MAP:
                return ctx.ioasMap(arg(c, 0, results), a[1], buffers[(int)a[2] & 1], a[3], a[4], (int)a[5]);
            case MAP_N:
            {
                final int ioas = arg(c, 0, results);
                final long pages = a[3];
                for (long k = 0; k < a[2]; k++)
                {
                    final long offset = (k * pages % (Program.BUF0_PAGES - pages + 1)) * Programs.P;
                    final int rc = ctx.ioasMap(ioas, a[1] + k * a[4], buffers[0], offset, pages * Programs.P);
                    if (rc != 0)
                    {
                        return rc;
                    }
                }
                return 0;
            }
            case IOAS_UNMAP:
                return ctx.ioasUnmap(arg(c, 0, results), a[1], a[2]);
            case CREATE_ACCESS:
                return ctx.testCreateAccess(arg(c, 0, results), (int)a[1]);
            case CREATE_N:
            {
                int first = 0;
                for (long k = 0; k < a[1]; k++)
                {
                    final int fd = ctx.testCreateAccess(arg(c, 0, results), (int)a[2]);
                    if (fd < 0)
                    {
                        return fd;
                    }
                    first = k == 0 ? fd : first;
                }
                return first;
            }
            case ACCESS_PAGES:
                return ctx.testAccessPages(arg(c, 0, results), a[1], a[2], (int)a[3]);
            case PIN_EACH:
            {
                final int fd = arg(c, 0, results);
                for (long k = 0; k < a[2]; k++)
                {
                    final int rc = ctx.testAccessPages(fd, a[1] + k * a[3], Programs.P, 0);
                    if (rc < 0)
                    {
                        return rc;
                    }
                }
                return 0;
            }
            case DESTROY_ACCESS_PAGES:
                return ctx.testDestroyAccessPages(arg(c, 0, results), arg(c, 1, results));
            case ACCESS_REPLACE_IOAS:
                return ctx.testAccessReplaceIoas(arg(c, 0, results), arg(c, 1, results));
            case CLOSE_FD:
                return ctx.closeFd(arg(c, 0, results));
            case VIOMMU_ALLOC:
                return ctx.viommuAlloc(arg(c, 0, results));
            case HW_QUEUE_ALLOC:
                return ctx.hwQueueAlloc(arg(c, 0, results), (int)a[4], (int)a[1], a[2], a[3], 0);
            default:
                throw new AssertionError(c.op());
        }
    }

    /** What designs that agree must agree on: areas with their counters, access lists, objects, pins. */
    static String state(final IommufdCtx ctx)
    {
        final StringBuilder sb = new StringBuilder();
        for (int id = 1, seen = 0, total = ctx.objectCount(ObjType.ANY); seen < total && id < 1 << 20; id++)
        {
            final IommufdObject obj = ctx.peekObject(id);
            if (obj == null)
            {
                continue;
            }
            seen++;
            sb.append(obj.type()).append(' ').append(id);
            if (obj instanceof Ioas ioas)
            {
                final IoPagetable iopt = ioas.iopt();
                /* num_locks is left out: designs before v8 have none */
                final String token = iopt.countersToken();
                final int from = token.indexOf(" num_locks=");
                final int to = token.indexOf(' ', from + 1);
                sb.append(" {").append(token, 0, from).append(token, to, token.length()).append('}');
            }
            else if (obj instanceof HwQueue || obj instanceof Access)
            {
                /* the HW queue's access is internal on some designs and ordinary on baseline: count, don't name */
            }
            sb.append("; ");
        }
        sb.append("pinned=").append(ctx.pinnedPages());
        return sb.toString();
    }

    public String resultName(final int i)
    {
        return name(results[i]);
    }

    static String name(final int rc)
    {
        return rc == THREW ? "threw" : Errno.name(rc);
    }
}

package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.BUFFER_SIZE;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.NEEDS_PIN;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.iommufd.Fixture.WRITE;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.FailNth;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Lockdep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * iommufd_fail_nth: run a call chain that succeeds, then again with the 1st, 2nd, ... fallible step failing,
 * until the N-th step is no longer reached. Each run is torn down like the fixture does (close /dev/iommu)
 * and must leave no pin, no object, no area, no counter and nothing in dmesg. Beyond what the C test checks,
 * every operation that fails because of the injected fault must leave the state exactly as it was before the
 * call: error paths are atomic.
 */
class FailNthSweepTest
{
    /** ASSERT_GT(400, iteration) of TEST_FAIL_NTH. */
    private static final int MAX_ITERATIONS = 400;
    private static final long Q = MOCK_APERTURE_START;

    /** The body of a TEST_FAIL_NTH: ops through {@link Steps#op}, which ends the body at the first failure. */
    @FunctionalInterface
    private interface Body
    {
        void run(Steps s);
    }

    /** The {@code return -1} of a fail_nth body. */
    private static final class Abort extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Abort()
        {
            super(null, null, false, false);
        }
    }

    private static final class Steps
    {
        final Fixture f;
        final IommufdCtx ctx;
        final FailNth failNth;
        final List<Integer> ioasIds = new ArrayList<>();
        final List<IoPagetable> iopts = new ArrayList<>();
        String lastStep = "(none)";

        Steps(final Fixture f)
        {
            this.f = f;
            this.ctx = f.ctx;
            this.failNth = f.kernel.failNth();
        }

        /** One ioctl: its result when it succeeded; a failure must come from the fault and change nothing. */
        int op(final String name, final IntSupplier call)
        {
            lastStep = name;
            final Fixture.State before = state();
            final boolean injectedBefore = failNth.injectedAt() != null;
            final int rc = call.getAsInt();
            if (rc >= 0)
            {
                return rc;
            }
            final String point = failNth.injectedAt();
            assertThat(!injectedBefore && point != null).as("%s failed with %s but no fault was injected in it", name,
                Errno.name(rc)).isTrue();
            assertThat(state()).as("%s failed with %s at injection point %s: its error path must undo everything",
                name, Errno.name(rc), point).isEqualTo(before);
            throw new Abort();
        }

        /** An ioctl whose failure is expected and ignored (fail_nth's "no IOVA to unmap"). */
        void opMayFail(final String name, final IntSupplier call)
        {
            lastStep = name;
            call.getAsInt();
        }

        int ioasAlloc()
        {
            final int id = op("IOMMU_IOAS_ALLOC", ctx::ioasAlloc);
            ioasIds.add(id);
            /* peekObject, not getIoas: iommufd_get_object() is itself an injection point */
            iopts.add(((Ioas)ctx.peekObject(id)).iopt());
            return id;
        }

        Fixture.State state()
        {
            return f.state(ioasIds.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** One run with the nth fallible step failing (0: none). */
    private record Outcome(boolean injected, String point, boolean completed, String step)
    {
    }

    private static Outcome run(final Design design, final Body body, final int nth)
    {
        final Fixture f = new Fixture(design);
        final Steps s = new Steps(f);
        if (nth > 0)
        {
            s.failNth.enable(nth);
        }
        boolean completed;
        try
        {
            body.run(s);
            completed = true;
        }
        catch (final Abort abort)
        {
            completed = false;
        }
        final boolean injected = s.failNth.disable();
        final String where = "fail-nth " + nth + " on " + design + ": injected at " + s.failNth.injectedAt()
            + " during " + s.lastStep;

        /* teardown_iommufd() */
        assertThat(Lockdep.depthOfCurrentThread()).as("%s: locks held %s", where, Lockdep.heldByCurrentThread()).isZero();
        assertThat(f.ctx.release()).isZero();
        assertThat(f.kernel.reports().kindsToken()).as("%s: dmesg%n%s", where, f.kernel.reports()).isEqualTo("none");
        assertThat(f.ctx.objectCount(ObjType.ANY)).as("%s: objects left", where).isZero();
        assertThat(f.kernel.pinnedPages()).as("%s: pages left pinned", where).isZero();
        for (final IoPagetable iopt : s.iopts)
        {
            assertThat(iopt.countersToken()).as("%s: io_pagetable after close", where).isEqualTo(Fixture.IDLE);
        }
        return new Outcome(injected, s.failNth.injectedAt(), completed, s.lastStep);
    }

    /** TEST_FAIL_NTH: the injection points hit, in order, as "point in step". */
    private static List<String> sweep(final Design design, final Body body)
    {
        assertThat(run(design, body, 0).completed()).as("the chain succeeds without injection on %s", design).isTrue();
        final List<String> hit = new ArrayList<>();
        for (int nth = 1;; nth++)
        {
            assertThat(nth).as("fail-nth sweep on %s has not ended; points so far %s", design, hit)
                .isLessThan(MAX_ITERATIONS);
            final Outcome outcome = run(design, body, nth);
            if (!outcome.injected())
            {
                assertThat(outcome.completed()).as("fail-nth %d was not reached, yet the chain failed in %s", nth,
                    outcome.step()).isTrue();
                return hit;
            }
            hit.add(outcome.point() + " in " + outcome.step());
        }
    }

    private static Set<String> points(final List<String> hit)
    {
        final Set<String> points = new LinkedHashSet<>();
        for (final String h : hit)
        {
            points.add(h.substring(0, h.indexOf(" in ")));
        }
        return points;
    }

    // --------------------------------------------------------------------------------------- bodies

    /** basic_fail_nth, basic: ioas.c. */
    private static void basic(final Steps s)
    {
        final IommufdCtx ctx = s.ctx;
        final int ioas = s.ioasAlloc();
        s.op("IOAS_MAP", () -> ctx.ioasMap(ioas, Q, s.f.buffer, 0, BUFFER_SIZE));
        s.op("IOAS_UNMAP", () -> ctx.ioasUnmap(ioas, Q, BUFFER_SIZE));
        s.opMayFail("IOAS_UNMAP of nothing", () -> ctx.ioasUnmap(ioas, Q, BUFFER_SIZE));
        s.op("IOAS_MAP again", () -> ctx.ioasMap(ioas, Q, s.f.buffer, 0, BUFFER_SIZE));
        s.op("IOAS_UNMAP all", () -> ctx.ioasUnmap(ioas, 0, Kernel.ULONG_MAX));
    }

    /**
     * basic_fail_nth, access_pin (S17), with the buffer mapped as two adjacent areas so that the pin spans
     * both: a fault in the second area must roll back what the first one pinned (err_remove).
     */
    private static void accessPin(final Steps s)
    {
        final IommufdCtx ctx = s.ctx;
        final int ioas = s.ioasAlloc();
        s.op("IOAS_MAP low half", () -> ctx.ioasMap(ioas, Q, s.f.buffer, 0, BUFFER_SIZE / 2));
        s.op("IOAS_MAP high half", () -> ctx.ioasMap(ioas, Q + BUFFER_SIZE / 2, s.f.buffer, BUFFER_SIZE / 2,
            BUFFER_SIZE / 2));
        final int fd = s.op("CREATE_ACCESS", () -> ctx.testCreateAccess(ioas, NEEDS_PIN));
        final int item = s.op("ACCESS_PAGES", () -> ctx.testAccessPages(fd, Q, BUFFER_SIZE, WRITE));
        s.op("DESTROY_ACCESS_PAGES", () -> ctx.testDestroyAccessPages(fd, item));
        s.op("close(access fd)", () -> ctx.closeFd(fd));
    }

    /**
     * An S19-like chain over everything this port has: two IOASes, an emulated device pinning and being
     * notified, a vIOMMU with two HW queues over one page (internal pins sharing a record with the device's),
     * an unmap that needs no notify, a replace while pinned. Queue 0, the vIOMMU and the access fd are left to
     * the close. No notify runs while an internal access exists, so v8/upstream's reference leak (see
     * SelftestScenariosTest.s20NotifyUnmapSkipsInternalAccess) stays out of the sweep.
     */
    private static void hwQueueChain(final Steps s)
    {
        final IommufdCtx ctx = s.ctx;
        final int a = s.ioasAlloc();
        final int b = s.ioasAlloc();
        s.op("IOAS_MAP X", () -> ctx.ioasMap(a, Q, s.f.buffer, 0, 4 * P));
        s.op("IOAS_MAP Y", () -> ctx.ioasMap(a, Q + 8 * P, s.f.buffer, 8 * P, 4 * P));
        s.op("IOAS_MAP Z", () -> ctx.ioasMap(a, Q + 16 * P, s.f.buffer, 12 * P, P));
        s.op("IOAS_MAP in b", () -> ctx.ioasMap(b, Q, s.f.buffer, 0, 4 * P));
        final int fd = s.op("CREATE_ACCESS", () -> ctx.testCreateAccess(a, NEEDS_PIN));
        s.op("ACCESS_PAGES X", () -> ctx.testAccessPages(fd, Q, 2 * P, 0));
        s.op("IOAS_UNMAP X (notify)", () -> ctx.ioasUnmap(a, Q, 4 * P));
        final int viommu = s.op("VIOMMU_ALLOC", () -> ctx.viommuAlloc(a));
        s.op("HW_QUEUE_ALLOC 0", () -> ctx.hwQueueAlloc(viommu, 0, Q + 8 * P, P));
        final int q1 = s.op("HW_QUEUE_ALLOC 1", () -> ctx.hwQueueAlloc(viommu, 1, Q + 8 * P + P / 2, P / 2));
        final int i2 = s.op("ACCESS_PAGES Y", () -> ctx.testAccessPages(fd, Q + 8 * P, P, 0));
        s.op("IOAS_UNMAP Z", () -> ctx.ioasUnmap(a, Q + 16 * P, P));
        s.op("DESTROY_ACCESS_PAGES Y", () -> ctx.testDestroyAccessPages(fd, i2));
        s.op("ACCESS_PAGES Y write", () -> ctx.testAccessPages(fd, Q + 9 * P, 2 * P, WRITE));
        s.op("ACCESS_REPLACE_IOAS b", () -> ctx.testAccessReplaceIoas(fd, b));
        s.op("ACCESS_PAGES in b", () -> ctx.testAccessPages(fd, Q, P, 0));
        s.op("DESTROY HW queue 1", () -> ctx.destroy(q1));
    }

    // ---------------------------------------------------------------------------------------- tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void basicSweep(final Design design)
    {
        assertThat(points(sweep(design, FailNthSweepTest::basic))).containsExactlyInAnyOrder(
            "iommufd_object_alloc", "iommufd_get_object", "kzalloc(iopt_pages)", "kzalloc(iopt_area)",
            "iopt_area_fill_domains");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void accessPinSweep(final Design design)
    {
        assertThat(points(sweep(design, FailNthSweepTest::accessPin))).contains(
            "kzalloc(selftest_access)", "xa_alloc(iopt->access_list)", "kvcalloc(access pages)",
            "kzalloc(iopt_pages_access)", "pfn_reader_user_pin", "kzalloc(selftest_access_item)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void hwQueueChainSweep(final Design design)
    {
        final List<String> hit = sweep(design, FailNthSweepTest::hwQueueChain);
        assertThat(points(hit)).as("injection points hit: %s", hit).contains(
            "iommufd_object_alloc", "iommufd_get_object", "kzalloc(iopt_pages)", "kzalloc(iopt_area)",
            "iopt_area_fill_domains", "xa_alloc(iopt->access_list)", "kzalloc(selftest_access)",
            "kvcalloc(access pages)", "kzalloc(iopt_pages_access)", "pfn_reader_user_pin",
            "kzalloc(selftest_access_item)", "kvcalloc(hw_queue pages)");
        assertThat(hit).as("the HW queue allocation itself was swept").anyMatch(h -> h.endsWith("in HW_QUEUE_ALLOC 1"))
            .anyMatch(h -> h.equals("xa_alloc(iopt->access_list) in ACCESS_REPLACE_IOAS b"));
    }
}

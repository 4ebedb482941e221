package org.ioptstress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ioptstress.design.Designs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark measures the path it names, in a steady state, on every design it runs on: outcomes are
 * counted as expected, state after many operations equals state before, and the kernel reports nothing
 * (tearDown fails the trial otherwise). Not a timing.
 */
class BenchStatesTest
{
    private static final int OPS = 200;

    @ParameterizedTest
    @ValueSource(strings = {"v7", "v7-hoisted", "v8", "upstream", "upstream-notify-fix"})
    void refusedUnmapIsRefusedEveryTimeAndChangesNothing(final String design)
    {
        for (final String queueIndex : new String[] {"last", "first"})
        {
            final RefusedUnmapBench.Iopt s = new RefusedUnmapBench.Iopt();
            s.design = design;
            s.accesses = 16;
            s.queueIndex = queueIndex;
            s.kernel = "debug"; /* lockdep on: the benchmarked path takes its locks in a legal order */
            s.setUp();
            final Outcomes o = new Outcomes();
            final RefusedUnmapBench bench = new RefusedUnmapBench();
            for (int i = 0; i < OPS; i++)
            {
                bench.unmap(s, o);
            }
            assertThat(o.refused).isEqualTo(OPS);
            assertThat(o.completed).isZero();
            assertThat(s.iopt.areaAt(s.iova).preventAccess()).isFalse();
            s.tearDown();
        }
    }

    @Test
    void refusedUnmapDoesNotExistOnBaseline()
    {
        final RefusedUnmapBench.Iopt s = new RefusedUnmapBench.Iopt();
        s.design = "baseline";
        s.accesses = 0;
        s.queueIndex = "last";
        s.kernel = "production";
        assertThatThrownBy(s::setUp).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("internal access");
    }

    /** The negative control never checks num_locks: its unmap of queue memory is not refused, and setUp says so. */
    @Test
    void refusedUnmapSetupRejectsADesignThatDoesNotRefuse()
    {
        final RefusedUnmapBench.Iopt s = new RefusedUnmapBench.Iopt();
        s.design = "broken-no-lock-check";
        s.accesses = 0;
        s.queueIndex = "last";
        s.kernel = "production";
        assertThatThrownBy(s::setUp).isInstanceOf(IllegalStateException.class).hasMessageContaining("not refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "v7", "v7-hoisted", "v8", "upstream"})
    void commonUnmapCompletesEveryTime(final String design)
    {
        final CommonUnmapBench.Iopt s = new CommonUnmapBench.Iopt();
        s.design = design;
        s.accesses = 16;
        s.kernel = "debug";
        s.setUp();
        final Outcomes o = new Outcomes();
        final CommonUnmapBench bench = new CommonUnmapBench();
        final String before = s.iopt.countersToken();
        for (int i = 0; i < OPS; i++)
        {
            bench.unmapRemap(s, o);
        }
        assertThat(o.completed).isEqualTo(OPS);
        assertThat(o.refused).isZero();
        assertThat(s.iopt.countersToken()).isEqualTo(before);
        s.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "v7", "v7-hoisted", "v8", "upstream"})
    void notifiedUnmapCallsTheCallbackAndCompletes(final String design)
    {
        final NotifyUnmapBench.Iopt s = new NotifyUnmapBench.Iopt();
        s.design = design;
        s.accesses = 16;
        s.kernel = "debug";
        s.setUp();
        final Outcomes o = new Outcomes();
        final NotifyUnmapBench bench = new NotifyUnmapBench();
        final String before = s.iopt.countersToken();
        for (int i = 0; i < OPS; i++)
        {
            bench.unmapPinned(s, o);
        }
        assertThat(o.completed).isEqualTo(OPS);
        assertThat(s.iopt.countersToken()).isEqualTo(before);
        assertThat(s.fixture.ctx.pinnedPages()).isZero();
        s.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7", "v7-hoisted", "v8", "upstream"})
    void pinUnpinLeavesNothingPinned(final String design)
    {
        final PinUnpinBench.Internal internal = new PinUnpinBench.Internal();
        internal.design = design;
        internal.kernel = "debug";
        internal.setUp();
        final PinUnpinBench.Emulated emulated = new PinUnpinBench.Emulated();
        emulated.design = design;
        emulated.kernel = "debug";
        emulated.setUp();
        final PinUnpinBench bench = new PinUnpinBench();
        for (int i = 0; i < OPS; i++)
        {
            assertThat(bench.internal(internal)).isZero();
            assertThat(bench.emulated(emulated)).isZero();
        }
        assertThat(internal.fixture.iopt.countersToken()).contains("num_accesses=0 num_locks=0");
        assertThat(emulated.fixture.ctx.pinnedPages()).isZero();
        internal.tearDown();
        emulated.tearDown();
    }

    @Test
    void internalPinIsNotABaselineBenchmark()
    {
        final PinUnpinBench.Internal s = new PinUnpinBench.Internal();
        s.design = "baseline";
        s.kernel = "production";
        assertThatThrownBy(s::setUp).isInstanceOf(IllegalArgumentException.class);
    }

    /** The two threads of the contended group, interleaved on one thread: disjoint areas never interfere. */
    @ParameterizedTest
    @ValueSource(strings = {"internal", "emulated"})
    void contendedUnmapperAndPinnerUseDisjointAreas(final String pinner)
    {
        for (final String design : new String[] {"v7", "v7-hoisted", "v8", "upstream"})
        {
            final ContendedBench.Iopt s = new ContendedBench.Iopt();
            s.design = design;
            s.areas = 64;
            s.pinner = pinner;
            s.kernel = "debug";
            s.setUp();
            final Outcomes o = new Outcomes();
            final ContendedBench bench = new ContendedBench();
            for (int i = 0; i < OPS; i++)
            {
                bench.unmap(s, o);
                assertThat(bench.pin(s)).isZero();
            }
            assertThat(o.completed).isEqualTo(OPS);
            s.tearDown();
        }
    }

    @Test
    void floorsRunOnTheFixtureLocksAndLeaveThemFree()
    {
        final RefusedUnmapBench.Locks refused = new RefusedUnmapBench.Locks();
        refused.design = "v7";
        refused.kernel = "debug";
        refused.setUp();
        assertThat(refused.afterNotify).isTrue();
        new RefusedUnmapBench().floor(refused);
        refused.tearDown();

        final NotifyUnmapBench.Locks notify = new NotifyUnmapBench.Locks();
        notify.accesses = 4;
        notify.kernel = "debug";
        notify.setUp();
        new NotifyUnmapBench().floor(notify);
        assertThat(notify.fixture.iopt.iovaRwsem().isHeldByCurrentThread()).isFalse();
        notify.tearDown();

        final ContendedBench.Locks contended = new ContendedBench.Locks();
        contended.kernel = "debug";
        contended.setUp();
        new ContendedBench().floorUnmap(contended);
        new ContendedBench().floorPin(contended);
        contended.tearDown();
    }

    @Test
    void refusedUnmapFloorFollowsTheDesign()
    {
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("v7"))).isTrue();
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("v7-hoisted"))).isFalse();
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("v8"))).isFalse();
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("upstream"))).isFalse();
        assertThatThrownBy(() -> LockFloor.refusesAfterNotify(Designs.byName("baseline")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyBenchmarkedDesignHasARefusedUnmapFloorWhateverItsParent()
    {
        /* derived from what the design does, so candidate fixes (children of upstream) get one too */
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("upstream-notify-fix"))).isFalse();
        assertThat(LockFloor.refusesAfterNotify(Designs.byName("upstream-notify-lock-then-put"))).isFalse();
        for (final String d : org.ioptstress.bench.report.Catalog.DesignSet.WITH_INTERNAL_ACCESS.names())
        {
            assertThat(LockFloor.refusesAfterNotify(Designs.byName(d))).as(d).isEqualTo(d.equals("v7"));
        }
    }

    @Test
    void outcomesRejectAnyOtherErrno()
    {
        final Outcomes o = new Outcomes();
        assertThatThrownBy(() -> o.count(-2)).hasMessageContaining("ENOENT");
    }
}

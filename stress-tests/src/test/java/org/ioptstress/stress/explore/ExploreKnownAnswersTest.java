package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ioptstress.iommufd.Design;
import org.junit.jupiter.api.Test;

/**
 * A short exploration (seconds; deterministic, the programs are fixed by the seed) must rediscover the known
 * answers without any scenario code: v8's leaked notify reference, v7's refused legal unmap, and the
 * sequentially reachable bug of each negative control; and find nothing on the candidate fix.
 */
class ExploreKnownAnswersTest
{
    private static Explorer.Result explore(final long seed, final long programs, final String... designs)
    {
        final List<Design> list = java.util.Arrays.stream(designs).map(Explorer::design).toList();
        return new Explorer(new Explorer.Config(list, Explorer.reference(), seed, programs, 0, Differences.none(),
            2_000_000_000L, null)).explore(null);
    }

    @Test
    void seed1FindsTheKnownBugsOfV8V7AndThreeControls()
    {
        final Explorer.Result r = explore(1, 1000, "v8", "v7", "upstream-notify-fix", "broken-no-lock-check",
            "broken-notify-inverted-skip", "broken-ioas-wide-lock");
        assertThat(r.findings.keySet()).contains(
            "v8.invariant.iommufd_access_wait_cnt_#_expected_#_a_short-term_reference_nobody_puts",
            "v8.report.HUNG_TASK@IommufdCtx.objectDecWait",
            "broken-no-lock-check.report.WARN@IoPagetable.unmapIovaRange",
            "broken-notify-inverted-skip.report.WARN@IoPagetable.unmapIovaRange",
            "broken-ioas-wide-lock.errno.IOMMU_IOAS_UNMAP/0->-EBUSY");
        /* v7's refusal of the legal unmap shows here as the end state it leaves (the pinned area still mapped) */
        assertThat(r.findings.keySet()).containsAnyOf("v7.state.end-state", "v7.errno.IOMMU_IOAS_UNMAP/0->-EBUSY");
        assertThat(r.findingsOn("upstream-notify-fix")).as("no program here reaches 101 adjacent pinned areas").isEmpty();
        assertThat(r.findingsOn(Explorer.REFERENCE)).isEmpty();
        final Finding leak = r.findings.get("v8.invariant.iommufd_access_wait_cnt_#_expected_#_a_short-term_reference_nobody_puts");
        assertThat(leak.minimized.size()).isLessThanOrEqualTo(8);
        assertThat(Reproducer.selftest(leak.minimized, Explorer.design("v8"), Explorer.reference(), leak.minimizedCall))
            .contains("IOMMU_HW_QUEUE_ALLOC", "IOMMU_TEST_OP_ACCESS_PAGES", "IOMMU_IOAS_UNMAP", "<-- v8");
        assertThat(r.splits).isNotEmpty();
    }

    @Test
    void seed5FindsTheReplaceThatForgetsToUnpin()
    {
        final Explorer.Result r = explore(5, 100, "broken-change-ioas-no-unmap");
        assertThat(r.findings.keySet()).contains(
            "broken-change-ioas-no-unmap.invariant.ioas_#_iopt_area_num_accesses_#_but_the_drivers_hold_#_pins_on_it",
            "broken-change-ioas-no-unmap.release.pins");
        assertThat(r.unexplainedOnCandidates()).isZero();
    }

    @Test
    void seed1UnderTheModelCheckerFindsTheMapVsUnmapRaceThat8602018bFixesOnV8()
    {
        /* programs 0-3 of seed 1 are not model-checked (their actors commute); program 4's race fails at interleaving 17 */
        final Explorer.Result r = new Explorer(new Explorer.Config(List.of(Explorer.design("v8")), Explorer.reference(), 1, 5, 0,
            Differences.none(), 1, null)).exploreModel(2, ModelExplorer.DEFAULT_INTERLEAVINGS, null);
        assertThat(r.findings.keySet()).as(r.findings.values().toString()).containsExactly("v8.linearizability.IOMMU_IOAS_MAP||IOMMU_IOAS_UNMAP");
        final Finding race = r.findings.values().iterator().next();
        assertThat(race.threads).isEqualTo(2);
        assertThat(Reproducer.concurrent(race)).contains("thread 0: IOMMU_IOAS_", "thread 1: IOMMU_IOAS_", "which no sequential order gives",
            "unmapIovaRange", "--engine model-checker");
    }
}

package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CI's short model-checking pass: negative controls fail, with the failure the scenario declares and a
 * readable trace, and correct designs pass a small budget (the three-actor race jcstress cannot run on 2 CPUs
 * included). Lincheck's exploration is deterministic, so "fails within N interleavings" is a stable assertion; the
 * budgets leave headroom over the interleaving each failure is found at today.
 */
class ModelCheckerTest
{
    /** Interleavings a correct design must survive in CI (the campaign's quick budget is larger). */
    private static final int PASS_BUDGET = 30;
    /** Interleavings a negative control gets to fail in. */
    private static final int FAIL_BUDGET = Budget.QUICK.invocations();

    @ParameterizedTest(name = "{0} fails on {1}: {2}")
    @CsvSource({
        /* three actors: v8's iommufd_access_notify_unmap() skips the internal access after lock_obj, keeping the ref */
        "unmap-vs-mdev-close-vs-internal-pin, v8,                       notify-leaked-ref",
        /* three actors: the unmap ignores num_locks and frees the queue's pinned memory or retries 100 times */
        "unmap-vs-mdev-close-vs-internal-pin, broken-no-lock-check,     ",
        /* nothing unpins the internal access: WARN and -EDEADLOCK after iopt_unmap_iova_range()'s 100 tries */
        "unmap-vs-internal-pin-same-area,     broken-no-lock-check,     deadlock",
        /* a plain-field race on num_locks: only a thread switch between its read and its write loses an increment */
        "internal-pin-vs-internal-pin,        broken-racy-num-locks,    lost-lock",
        /* the area is read after the locks were dropped, once the other unmapper freed it */
        "unmap-vs-unmap-mdev-area,            broken-area-after-unlock, use-after-free",
    })
    void negativeControlFails(final String scenarioId, final String design, final String label, @TempDir final Path dir)
        throws Exception
    {
        final Scenario scenario = Scenarios.byId(scenarioId);

        final Exploration e = ModelChecker.explore(scenario, design, FAIL_BUDGET);

        assertThat(e.verdict()).as("%s on %s: %s", scenarioId, design, e.reason()).isEqualTo(Exploration.Verdict.FAILED);
        assertThat(e.negativeControl()).isTrue();
        assertThat(e.outcome()).isNotNull();
        assertThat(e.outcome().ok()).isFalse();
        if (label != null)
        {
            assertThat(e.label()).isEqualTo(label);
        }
        else
        {
            assertThat(scenario.cases()).filteredOn(c -> !c.ok()).extracting(Case::label).contains(e.label());
        }
        assertThat(e.invocations()).isBetween(1, FAIL_BUDGET);
        assertThat(e.reason()).isEqualTo(e.outcome().toString());

        final Path trace = TraceFiles.write(dir, scenario, e, "replay");
        final String text = Files.readString(trace, StandardCharsets.UTF_8);
        assertThat(text)
            .contains("scenario   " + scenarioId, "design     " + design, e.outcome().toString())
            .contains("Thread 1 = " + scenario.actorNames().get(0) + " (actor 0)")
            /* a lock taken, with the port's source line */
            .containsPattern("  \\+[rw]?\\s+\\S+\\.(lock|downRead|downWrite)\\(\\)\\s+\\w+\\.java:\\d+");
        for (final String actor : scenario.actorNames())
        {
            assertThat(text).containsPattern("\\d+  " + actor + " ");
        }
        assertThat(dir.resolve(TraceFiles.baseName(scenarioId, design) + ".lincheck.txt.gz")).isNotEmptyFile();
    }

    /**
     * The detectors' controls: lockdep's inversion fires on the first order that closes the cycle; a task that oopses
     * holding iova_rwsem leaves the other unmapper blocked for good, which Lincheck finds hung and the engine names
     * after the oops (not "hung").
     */
    @ParameterizedTest(name = "{0} fails on {1}: {2}")
    @CsvSource({
        "unmap-vs-internal-pin-other-area, broken-scan-locks-accesses, lockdep-inversion, possible circular locking dependency",
        "unmap-vs-unmap-mdev-area,         broken-bug-on-accesses,     oops,              BUG_ON(area->num_accesses)",
    })
    void detectorControlsFailWithTheirVerdict(final String scenarioId, final String design, final String label,
        final String named)
    {
        final Exploration e = ModelChecker.explore(Scenarios.byId(scenarioId), design, FAIL_BUDGET);

        assertThat(e.verdict()).as(e.reason()).isEqualTo(Exploration.Verdict.FAILED);
        assertThat(e.label()).as(e.reason()).isEqualTo(label);
        assertThat(e.reason()).contains(named);
        assertThat(e.invocations()).isEqualTo(1);
    }

    @Test
    void theUseAfterFreeTraceShowsTheFreeAndTheRead(@TempDir final Path dir) throws Exception
    {
        final Scenario scenario = Scenarios.byId("unmap-vs-unmap-mdev-area");
        final Exploration e = ModelChecker.explore(scenario, "broken-area-after-unlock", FAIL_BUDGET);

        final String text = Files.readString(TraceFiles.write(dir, scenario, e, "replay"), StandardCharsets.UTF_8);

        /* one unmapper frees the area, the other reads it after dropping its locks: the KASAN check names the field */
        assertThat(text).contains("area.kfree()").containsPattern("UAF\\s+kasan\\(\"num_accesses\"\\)");
        final String steps = text.substring(text.indexOf(" step  thread"));
        assertThat(steps.indexOf("area.kfree()")).isLessThan(steps.indexOf("UAF"));
    }

    @Test
    void livenessFailureIsAHangInTheTeardownWait(@TempDir final Path dir) throws Exception
    {
        final Scenario scenario = Scenarios.byId("hwqueue-destroy-vs-unmap-liveness");

        final Exploration e = ModelChecker.explore(scenario, "v8", FAIL_BUDGET);

        assertThat(e.verdict()).isEqualTo(Exploration.Verdict.FAILED);
        assertThat(e.label()).isEqualTo(ModelChecker.HUNG);
        assertThat(e.outcome()).isNull();
        assertThat(e.reason()).startsWith("actor 0 (destroyQueue) did not return");
        /* the teardown sleeps in iommufd_object_dec_wait() for a wait_cnt the unmap's notify never put back */
        final String text = Files.readString(TraceFiles.write(dir, scenario, e, "replay"), StandardCharsets.UTF_8);
        assertThat(text).containsPattern("destroyQueue\\s+destroyWait\\.waitEventTimeout\\(");
    }

    @ParameterizedTest(name = "{0} passes on {1}")
    /* The three-actor race on the fix: while close() is starved, iopt_unmap_iova_range() re-notifies a dying
       access it must skip, up to the kernel's 100 tries (hazard R4). Lincheck counts a loop's iterations across
       the switches it forces, so its livelock bound must be several switch thresholds above them
       (ModelChecker.LOOP_BOUND): with a bound just above one threshold it reported a livelock past ~10
       interleavings; now the pair passes 100. */
    @CsvSource({
        "unmap-vs-mdev-close-vs-internal-pin, upstream-notify-fix",
        "unmap-vs-internal-pin-same-area,     v8",
        "internal-pin-vs-internal-pin,        upstream-notify-fix",
        "unmap-vs-unmap-mdev-area,            v8",
        "hwqueue-destroy-vs-unmap-liveness,   upstream-notify-fix",
    })
    void correctDesignPasses(final String scenarioId, final String design)
    {
        final Exploration e = ModelChecker.explore(Scenarios.byId(scenarioId), design, PASS_BUDGET);

        assertThat(e.verdict()).as("%s on %s: %s", scenarioId, design, e.reason()).isEqualTo(Exploration.Verdict.OK);
        assertThat(e.invocations()).isEqualTo(PASS_BUDGET);
        assertThat(e.lincheck()).isNull();
    }

    /**
     * 8602018b's window: the unmap drops iova_rwsem to free [X] and searches again from X; the map re-uses [X] in
     * between. The guided schedule (the map runs at the unmap's UNMAP_FREE_WINDOW) reaches it on every design before
     * 8602018b within its first interleavings (v8's was the deterministic exploration's 58th alone), and upstream,
     * which moves past the freed area, passes the quick budget.
     */
    @ParameterizedTest(name = "map-vs-unmap-identical on {0}: {1}")
    @CsvSource({
        "v8,                  FAILED",
        "baseline,            FAILED",
        "v7,                  FAILED",
        "v7-hoisted,          FAILED",
        "upstream,            OK",
        "upstream-notify-fix, OK",
    })
    void theGuidedScheduleReachesTheWindowOf8602018bWithinTheQuickBudget(final String design, final Exploration.Verdict verdict)
    {
        final Scenario scenario = Scenarios.byId("map-vs-unmap-identical");

        final Exploration e = ModelChecker.explore(scenario, design, FAIL_BUDGET);

        assertThat(e.verdict()).as("%s: %s", design, e.reason()).isEqualTo(verdict);
        assertThat(scenario.modelCheckerAtLeast(design)).as("no budget of its own").isZero();
        if (verdict == Exploration.Verdict.FAILED)
        {
            assertThat(e.label()).isIn("ate-new-mapping", "unmap-ebusy-after-free");
            assertThat(e.invocations()).as("found by the guided schedule").isBetween(1, ModelChecker.GUIDED_INVOCATIONS);
        }
        else
        {
            assertThat(e.invocations() == FAIL_BUDGET || e.exhaustive()).as("%d interleavings", e.invocations()).isTrue();
        }
    }

    @Test
    void explorationIsDeterministicSoTheReplayCommandReplays()
    {
        /* a pair without delay points (a guided one fails at its first interleaving): interleaving 3 */
        final Scenario scenario = Scenarios.byId("unmap-vs-internal-pin-same-area");
        final Exploration first = ModelChecker.explore(scenario, "broken-no-lock-check", FAIL_BUDGET);

        final Exploration replay = ModelChecker.explore(scenario, "broken-no-lock-check", first.invocations());

        assertThat(first.invocations()).isGreaterThan(1);
        assertThat(replay.verdict()).isEqualTo(Exploration.Verdict.FAILED);
        assertThat(replay.invocations()).isEqualTo(first.invocations());
        assertThat(replay.outcome()).isEqualTo(first.outcome());
        /* one interleaving fewer and it is not reached */
        assertThat(ModelChecker.explore(scenario, "broken-no-lock-check", first.invocations() - 1).verdict())
            .isEqualTo(Exploration.Verdict.OK);
    }

    @Test
    void aScenarioTheModelCheckerDoesNotApplyToIsSkippedWithItsReasonAndNeverExplored()
    {
        final Scenario scenario = Scenarios.byId("unmap-vs-mdev-close-destroy-busy");
        assertThat(scenario.runsOn(Scenario.MODEL_CHECKER)).isFalse();
        assertThat(scenario.runsOn("jcstress")).isTrue();

        final Exploration e = ModelChecker.explore(scenario, "v8", FAIL_BUDGET);

        /* v8 is one of its negative controls: not run is neither OK (a passed control) nor FAILED */
        assertThat(e.negativeControl()).isTrue();
        assertThat(e.verdict()).isEqualTo(Exploration.Verdict.SKIPPED);
        assertThat(e.reason()).isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + scenario.notRunOn(Scenario.MODEL_CHECKER))
            .contains("delay points");
        assertThat(e.invocations()).isZero();
        assertThat(e.label()).isNull();
        /* the scenarios whose point is delay points; every other one runs on both engines */
        assertThat(Scenarios.all()).filteredOn(s -> !s.runsOn(Scenario.MODEL_CHECKER)).extracting(Scenario::id)
            .containsExactlyInAnyOrder("unmap-vs-mdev-close-destroy-busy", "unmap-vs-hwqueue-alloc-same-area");
    }
}

package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each engine leaves: a scenario not on jcstress (hwqueue-destroy-vs-unmap-liveness) is neither selected nor
 * judged there, on any mode; quick mode leaves to jcstress every pair it judges. Both are 'n/a', never OK.
 */
class EnginePlanTest
{
    private static final String LIVENESS = "hwqueue-destroy-vs-unmap-liveness";
    private static final String MDEV_CLOSE = "unmap-vs-mdev-close";
    private static final String THREE_WAY = "unmap-vs-mdev-close-vs-internal-pin";

    @Test
    void jcstressSkipsOnlyTheScenariosNotOnItAndThoseWithMoreActorsThanCpus()
    {
        assertThat(Scenarios.all()).filteredOn(s -> !s.runsOn(Scenario.JCSTRESS)).extracting(Scenario::id)
            .containsExactly(LIVENESS);
        assertThat(Scenarios.all()).filteredOn(s -> EnginePlan.jcstressSkips(s, 2) != null).extracting(Scenario::id)
            .containsExactlyInAnyOrder(LIVENESS, THREE_WAY);
        assertThat(Scenarios.all()).filteredOn(s -> EnginePlan.jcstressSkips(s, 3) != null).extracting(Scenario::id)
            .containsExactly(LIVENESS);
        assertThat(EnginePlan.jcstressSkips(Scenarios.byId(LIVENESS), 64))
            .isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + Scenarios.byId(LIVENESS).notRunOn(Scenario.JCSTRESS));
    }

    /** The campaign's plan: the liveness scenario's jcstress test is never selected, its pair is not judged there. */
    @Test
    void aScenarioNotOnJcstressIsNeitherRunNorJudgedThere(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, "v8/" + LIVENESS + " = FAILED   # the model checker's verdict\n");
        final Campaign.Options opts = new Campaign.Options();
        opts.designs = List.of("v8");
        opts.scenarios = List.of(LIVENESS);
        opts.modelCheck = false;
        opts.exploreSeconds = 0;
        opts.quiet = true;
        opts.expectations = file;
        opts.jar = dir.resolve("no-jcstress-needed.jar");
        opts.out = dir.resolve("out");

        final Campaign.Result r = new Campaign(opts).run();

        final TestVerdict v = r.get("v8", LIVENESS);
        assertThat(v.verdict).isEqualTo(Verdict.SKIPPED);
        assertThat(v.reason).startsWith(ModelChecker.NOT_ON_THIS_ENGINE + "its Termination harness");
        assertThat(v.samples).isZero();
        assertThat(Files.exists(opts.out.resolve("jcstress"))).as("jcstress never started").isFalse();
        assertThat(r.problems).as("a control jcstress does not run is no control that passed").isEmpty();
        assertThat(r.exitCode).isEqualTo(Campaign.EXIT_OK);
        final String md = Files.readString(opts.out.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("| v8 | n/a (nc) |").contains("## Not run on an engine")
            .contains("| " + LIVENESS + " | jcstress | every design | its Termination harness").doesNotContain("## Skipped by jcstress");
    }

    /** Quick mode: the model checker judges the pairs jcstress does not, jcstress the rest; nobody disagrees. */
    @Test
    void theReportSaysWhichEngineQuickModeLeftAndNeverCallsItADisagreement(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, String.join("\n", "v8/" + LIVENESS + " = FAILED", "v8/" + MDEV_CLOSE + " = FAILED"));
        final Campaign.Options opts = new Campaign.Options();
        opts.designs = List.of("v8");
        opts.scenarios = List.of(MDEV_CLOSE, LIVENESS);
        final Campaign.Result r = new Campaign.Result();
        r.modelChecker.putAll(Map.of("budget", "quick", "invocationsPerPair", 25, "report", "model-check/model-check.json"));
        final TestVerdict close = verdict(r, MDEV_CLOSE, Verdict.FAILED, null, false);
        close.failure = new TestVerdict.Observed("FAIL deadlock | x", 30, "FORBIDDEN", "deadlock");
        close.outcomes.add(close.failure);
        close.firstFailures.add(new org.ioptstress.stress.jcstress.FirstFailure.Record("t", 1, 0, 40, 1, "deadlock"));
        close.modelChecker = new ModelCheckVerdict("v8", MDEV_CLOSE, Verdict.SKIPPED, null,
            EnginePlan.quickLeavesToJcstress(Scenarios.byId(MDEV_CLOSE), 2), 25, 0, false, 0, -1, -1, 0, null, null);
        final TestVerdict live = verdict(r, LIVENESS, Verdict.SKIPPED, EnginePlan.jcstressSkips(Scenarios.byId(LIVENESS), 2), true);
        live.modelChecker = new ModelCheckVerdict("v8", LIVENESS, Verdict.FAILED, "hung", "FAIL hung | x", 25, 3, false,
            900, 800, 700, 1, "model-check/traces/x.txt", null);

        assertThat(Campaign.judge(r, Expectations.load(file))).isEqualTo(Campaign.EXIT_OK);
        assertThat(r.problems).isEmpty();
        assertThat(r.judged).noneMatch(PairVerdict::enginesDisagree);

        RunHeader.fill(r);
        new ReportWriter(r, opts).write(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("; " + EnginePlan.QUICK_RULE + ": see Not run on an engine")
            .contains("| " + MDEV_CLOSE + " | model checker | every design | " + EnginePlan.QUICK_RULE + " |")
            .contains("| " + LIVENESS + " | jcstress | every design | ")
            .contains("| " + MDEV_CLOSE + " | v8 | 40 ms (1/1 forks) | not run on this engine | jcstress (the only engine run) |")
            .contains("| " + LIVENESS + " | v8 | not run on this engine | 700 ms (interleaving 3, 1 run) | model checker (the only engine run) |")
            .contains("None: on every pair both engines ran, their verdicts are the same.");
    }

    private static TestVerdict verdict(final Campaign.Result r, final String scenario, final Verdict verdict, final String reason,
        final boolean control)
    {
        final TestVerdict v = new TestVerdict("v8", scenario, "jcstress", "t." + scenario, control);
        v.verdict = verdict;
        v.reason = reason;
        v.samples = verdict == Verdict.SKIPPED ? 0 : 10_000;
        v.forks = 1;
        r.verdicts.add(v);
        return v;
    }
}

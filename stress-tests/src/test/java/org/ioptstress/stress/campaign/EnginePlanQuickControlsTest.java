package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick mode runs a negative control only where it must fail ({@link EnginePlan#QUICK_CONTROLS_RULE}): where the
 * engine's most specific expectation is exactly FAILED. Elsewhere the pair is SKIPPED 'not run on this engine', in the
 * report, the JSON and the shard plan; real patches and candidate fixes, and every other mode, run everything.
 */
class EnginePlanQuickControlsTest
{
    private static final String SAME = "unmap-vs-internal-pin-same-area";
    private static final String CLOSE = "unmap-vs-mdev-close";
    private static final String BUSY = "unmap-vs-mdev-close-destroy-busy";
    private static final String LIVENESS = "hwqueue-destroy-vs-unmap-liveness";
    private static final String THREE_WAY = "unmap-vs-mdev-close-vs-internal-pin";
    private static final String SKIP = ModelChecker.NOT_ON_THIS_ENGINE + EnginePlan.QUICK_CONTROLS_RULE;

    private static Path file(final Path dir) throws Exception
    {
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, String.join("\n",
            "broken-no-lock-check/" + SAME + " = FAILED",
            "broken-bug-on-accesses/* = OK|FAILED           # bites wherever its broken path runs",
            "*/" + BUSY + " = FAILED",
            "v8/" + CLOSE + " = OK|FAILED",
            "broken-ioas-wide-lock/" + LIVENESS + " = FAILED",
            "broken-notify-inverted-skip/" + THREE_WAY + " = FAILED",
            "model-checker:broken-notify-inverted-skip/" + THREE_WAY + " = OK|FAILED", ""));
        return file;
    }

    @Test
    void aControlRunsInQuickModeOnlyWhereItsExpectationIsExactlyFailed(@TempDir final Path dir) throws Exception
    {
        final Expectations e = Expectations.load(file(dir));

        assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, "broken-no-lock-check", e.of("broken-no-lock-check", SAME))).isNull();
        assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, "broken-no-lock-check", e.of("broken-no-lock-check", BUSY)))
            .as("*/scenario = FAILED counts").isNull();
        assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, "broken-bug-on-accesses", e.of("broken-bug-on-accesses", CLOSE)))
            .as("OK|FAILED does not").isEqualTo(SKIP);
        assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, "broken-bug-on-accesses", e.of("broken-bug-on-accesses", BUSY)))
            .as("design/* is more specific than */scenario").isEqualTo(SKIP);
        assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, "broken-no-lock-check", e.of("broken-no-lock-check", CLOSE)))
            .as("no entry: OK").isEqualTo(SKIP);
        for (final String real : List.of("v8", "upstream-notify-fix", "baseline"))
        {
            assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, real, e.of(real, CLOSE))).as(real).isNull();
            assertThat(EnginePlan.quickSkipsControl(Mode.QUICK, real, e.of(real, SAME))).as(real).isNull();
        }
        for (final Mode m : List.of(Mode.SANITY, Mode.POWER, Mode.DEFAULT, Mode.TOUGH))
        {
            assertThat(EnginePlan.quickSkipsControl(m, "broken-bug-on-accesses", e.of("broken-bug-on-accesses", CLOSE))).as(m.id())
                .isNull();
        }
    }

    /** The model checker reads its own expectation; a scenario-wide reason (too many actors, quick's MC rule) comes first. */
    @Test
    void eachEngineIsHeldToItsOwnExpectation(@TempDir final Path dir) throws Exception
    {
        final Expectations e = Expectations.load(file(dir));

        assertThat(EnginePlan.notRun(Mode.QUICK, 2, e, new Unit("broken-ioas-wide-lock", LIVENESS, Unit.MODEL_CHECKER))).isNull();
        assertThat(EnginePlan.notRun(Mode.QUICK, 2, e, new Unit("broken-notify-inverted-skip", THREE_WAY, Unit.MODEL_CHECKER)))
            .isEqualTo(SKIP);
        assertThat(EnginePlan.notRun(Mode.QUICK, 3, e, new Unit("broken-notify-inverted-skip", THREE_WAY, Unit.JCSTRESS))).isNull();
        assertThat(EnginePlan.notRun(Mode.QUICK, 2, e, new Unit("broken-notify-inverted-skip", THREE_WAY, Unit.JCSTRESS)))
            .startsWith("needs 3 CPUs");
        assertThat(EnginePlan.notRun(Mode.QUICK, 2, e, new Unit("broken-no-lock-check", SAME, Unit.MODEL_CHECKER)))
            .isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + EnginePlan.QUICK_RULE);
        assertThat(EnginePlan.notRun(Mode.DEFAULT, 2, e, new Unit("broken-notify-inverted-skip", THREE_WAY, Unit.MODEL_CHECKER)))
            .isNull();
    }

    /**
     * On the repository's expectations, every pair a negative control must fail still runs in quick mode on 2 CPUs
     * (on jcstress, or on the model checker where jcstress cannot), and so does every scenario's declared control.
     */
    @Test
    void theRepositorysQuickCampaignStillRunsEveryControlThatMustFail() throws Exception
    {
        final Expectations e = Expectations.load(Paths.get("..", "expected-verdicts.properties"));
        int jcstressRun = 0;
        int jcstressSkipped = 0;
        for (final Scenario s : Scenarios.all())
        {
            for (final Design d : Designs.withRole(Design.Role.NEGATIVE_CONTROL))
            {
                final Unit j = new Unit(d.name(), s.id(), Unit.JCSTRESS);
                final Unit m = new Unit(d.name(), s.id(), Unit.MODEL_CHECKER);
                final boolean jRuns = EnginePlan.notRun(Mode.QUICK, 2, e, j) == null;
                final boolean mRuns = EnginePlan.notRun(Mode.QUICK, 2, e, m) == null;
                if (EnginePlan.jcstressSkips(s, 2) == null)
                {
                    jcstressRun += jRuns ? 1 : 0;
                    jcstressSkipped += jRuns ? 0 : 1;
                }
                if (e.of(d.name(), s.id()).verdicts().equals(java.util.Set.of("FAILED")))
                {
                    assertThat(jRuns || mRuns).as("%s on %s must fail: an engine runs it", d.name(), s.id()).isTrue();
                }
            }
            for (final String c : s.negativeControls())
            {
                final boolean runs = EnginePlan.notRun(Mode.QUICK, 2, e, new Unit(c, s.id(), Unit.JCSTRESS)) == null
                    || EnginePlan.notRun(Mode.QUICK, 2, e, new Unit(c, s.id(), Unit.MODEL_CHECKER)) == null;
                assertThat(runs).as("%s's declared negative control %s runs in quick mode", s.id(), c).isTrue();
            }
        }
        assertThat(jcstressRun + jcstressSkipped).isEqualTo(13 * Designs.withRole(Design.Role.NEGATIVE_CONTROL).size());
        assertThat(jcstressRun).as("the controls' jcstress tests in quick mode").isLessThan(jcstressSkipped);
    }

    /** A quick campaign whose selection is only controls that need not fail runs no jcstress at all, and says why. */
    @Test
    void aSkippedControlIsReportedNotRunNeverAsPassed(@TempDir final Path dir) throws Exception
    {
        final Campaign.Options opts = new Campaign.Options();
        opts.designs = List.of("broken-bug-on-accesses", "broken-racy-num-locks");
        opts.scenarios = List.of(CLOSE);
        opts.modelCheck = false;
        opts.exploreSeconds = 0;
        opts.quiet = true;
        opts.expectations = file(dir);
        opts.jar = dir.resolve("no-jcstress-needed.jar");
        opts.out = dir.resolve("out");

        final Campaign.Result r = new Campaign(opts).run();

        for (final String d : opts.designs)
        {
            assertThat(r.get(d, CLOSE).verdict).as(d).isEqualTo(Verdict.SKIPPED);
            assertThat(r.get(d, CLOSE).reason).as(d).isEqualTo(SKIP);
        }
        assertThat(Files.exists(opts.out.resolve("jcstress"))).as("jcstress never started").isFalse();
        assertThat(r.problems).isEmpty();
        assertThat(r.exitCode).isEqualTo(Campaign.EXIT_OK);
        final String md = Files.readString(opts.out.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("| broken-bug-on-accesses | n/a |").contains("; " + EnginePlan.QUICK_CONTROLS_RULE + ": see Not run")
            .contains("| " + CLOSE + " | jcstress | every design | " + EnginePlan.QUICK_CONTROLS_RULE + " |");
        assertThat(Files.readString(opts.out.resolve("report.html"), StandardCharsets.UTF_8)).contains(EnginePlan.QUICK_CONTROLS_RULE);
        final ReportJson json = Json.read(opts.out.resolve("report.json"), ReportJson.class);
        assertThat(json.results()).hasSize(2).allSatisfy(row ->
        {
            assertThat(row.verdict()).isEqualTo("SKIPPED");
            assertThat(row.reason()).isEqualTo(SKIP);
        });
    }

    /** The report lists the designs a rule left when they are not all of the scenario's. */
    @Test
    void theNotRunSectionNamesTheControlsItLeft(@TempDir final Path dir) throws Exception
    {
        final Campaign.Options opts = new Campaign.Options();
        opts.mode = Mode.QUICK;
        opts.designs = List.of("v8", "broken-bug-on-accesses", "broken-racy-num-locks");
        opts.scenarios = List.of(CLOSE);
        final Campaign.Result r = new Campaign.Result();
        for (final String d : opts.designs)
        {
            final TestVerdict v = new TestVerdict(d, CLOSE, "jcstress", "t." + d, false);
            v.verdict = d.equals("v8") ? Verdict.OK : Verdict.SKIPPED;
            v.reason = d.equals("v8") ? null : SKIP;
            v.samples = d.equals("v8") ? 10_000 : 0;
            v.forks = d.equals("v8") ? 1 : 0;
            r.verdicts.add(v);
        }
        assertThat(Campaign.judge(r, Expectations.load(file(dir)))).isEqualTo(Campaign.EXIT_OK);
        RunHeader.fill(r);
        new ReportWriter(r, opts).write(dir);
        assertThat(Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8))
            .contains("| " + CLOSE + " | jcstress | broken-bug-on-accesses, broken-racy-num-locks | " + EnginePlan.QUICK_CONTROLS_RULE + " |");
    }

    /** The shard plan (and --plan) counts the controls quick mode leaves, per engine, and charges them nothing. */
    @Test
    void thePlanCountsTheControlsItLeavesAndChargesThemNothing(@TempDir final Path dir) throws Exception
    {
        final Campaign.Options opts = new Campaign.Options();
        opts.designs = List.of("v8", "broken-bug-on-accesses", "broken-no-lock-check");
        opts.scenarios = List.of(SAME, CLOSE);
        opts.expectations = file(dir);
        opts.cpus = 2;

        final String plan = Shard.describePlan(opts, 1);

        assertThat(plan).contains("12 units in 1 shards")
            .contains("not run:   3 units, jcstress: " + SKIP)
            .contains("not run:   3 units, model checker: " + SKIP);
        final Costs costs = Shard.costs(opts);
        assertThat(costs.cost(new Unit("broken-bug-on-accesses", SAME, Unit.JCSTRESS), Mode.QUICK, 25)).isZero();
        assertThat(costs.cost(new Unit("broken-no-lock-check", SAME, Unit.JCSTRESS), Mode.QUICK, 25))
            .isEqualTo(Costs.jcstressSeconds(Mode.QUICK));
        opts.scenarios = List.of(SAME, THREE_WAY);
        final String two = Shard.describePlan(opts, 4);
        opts.cpus = 64;
        assertThat(Shard.describePlan(opts, 4)).as("every shard plans alike, whatever its CPUs").isEqualTo(two);
        opts.mode = Mode.DEFAULT;
        assertThat(Shard.describePlan(opts, 1)).doesNotContain("not run:");
    }
}

package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.ioptstress.iommufd.Design;
import org.ioptstress.design.Designs;
import org.ioptstress.stress.campaign.EnginePlan;
import org.ioptstress.stress.campaign.Expectations;
import org.ioptstress.stress.campaign.Mode;
import org.ioptstress.stress.campaign.Unit;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick campaign's model checker ({@code --leave-to-jcstress CPUS}): it explores exactly the pairs jcstress does
 * not run on CPUS CPUs (the three-actor scenario on 2, the scenario not on jcstress) and reports every other pair as
 * not run on this engine, without exploring it; a scenario's per-design floor raises the budget, never sanity's.
 */
class QuickPlanTest
{
    @Test
    void theQuickPlanExploresExactlyThePairsJcstressDoesNotRun()
    {
        final ModelCheckOptions two = ModelCheckOptions.parse(new String[] {"--leave-to-jcstress", "2"});
        assertThat(Scenarios.all()).filteredOn(s -> s.runsOn(Scenario.MODEL_CHECKER) && ModelCheck.leftByPlan(two, s, "v8") == null)
            .extracting(Scenario::id).containsExactlyInAnyOrder("hwqueue-destroy-vs-unmap-liveness", "unmap-vs-mdev-close-vs-internal-pin");
        final ModelCheckOptions three = ModelCheckOptions.parse(new String[] {"--leave-to-jcstress", "3"});
        assertThat(Scenarios.all()).filteredOn(s -> s.runsOn(Scenario.MODEL_CHECKER) && ModelCheck.leftByPlan(three, s, "v8") == null)
            .extracting(Scenario::id).containsExactly("hwqueue-destroy-vs-unmap-liveness");
        final ModelCheckOptions none = ModelCheckOptions.parse(new String[0]);
        assertThat(Scenarios.all()).as("default and tough: every pair").allMatch(s -> ModelCheck.leftByPlan(none, s, "v8") == null);
    }

    @Test
    void aPairLeftToJcstressIsReportedNotRunOnThisEngineWithoutExploring(@TempDir final Path dir) throws Exception
    {
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {"--designs", "v8", "--scenarios", "unmap-vs-mdev-close",
            "--leave-to-jcstress", "2", "--out", dir.toString()});
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final int exit = ModelCheck.run(o, "test", new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(exit).as(progress.toString(StandardCharsets.UTF_8)).isZero();
        final ModelCheckJson json = Json.read(dir.resolve("model-check.json"), ModelCheckJson.class);
        assertThat(json.results()).singleElement().satisfies(p ->
        {
            assertThat(p.verdict()).isEqualTo("SKIPPED");
            assertThat(p.reason()).isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + EnginePlan.QUICK_RULE);
        });
    }

    /**
     * {@code --quick-controls FILE}: a negative control whose model-checker expectation is not exactly FAILED is
     * reported not run on this engine without exploring; one that must fail, and every real design, is explored.
     */
    @Test
    void aControlThatNeedNotFailIsNotExploredInTheQuickPlan(@TempDir final Path dir) throws Exception
    {
        final String live = "hwqueue-destroy-vs-unmap-liveness";
        final Path file = dir.resolve("expected.properties");
        java.nio.file.Files.writeString(file, String.join("\n", "broken-ioas-wide-lock/" + live + " = FAILED",
            "broken-bug-on-accesses/* = OK|FAILED", "model-checker:broken-no-lock-check/" + live + " = OK|FAILED", ""));
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {"--designs", "broken-bug-on-accesses", "--scenarios", live,
            "--leave-to-jcstress", "2", "--quick-controls", file.toString(), "--out", dir.resolve("out").toString()});
        final Scenario s = Scenarios.byId(live);
        final String skip = ModelChecker.NOT_ON_THIS_ENGINE + EnginePlan.QUICK_CONTROLS_RULE;
        assertThat(ModelCheck.leftByPlan(o, s, "broken-bug-on-accesses")).isEqualTo(skip);
        assertThat(ModelCheck.leftByPlan(o, s, "broken-no-lock-check")).isEqualTo(skip);
        assertThat(ModelCheck.leftByPlan(o, s, "broken-ioas-wide-lock")).isNull();
        assertThat(ModelCheck.leftByPlan(o, s, "v8")).isNull();
        assertThat(ModelCheck.leftByPlan(ModelCheckOptions.parse(new String[] {"--leave-to-jcstress", "2"}), s, "broken-bug-on-accesses"))
            .as("without --quick-controls: every control").isNull();
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final int exit = ModelCheck.run(o, "test", new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(exit).as(progress.toString(StandardCharsets.UTF_8)).isZero();
        final ModelCheckJson json = Json.read(dir.resolve("out").resolve("model-check.json"), ModelCheckJson.class);
        assertThat(json.results()).singleElement().satisfies(p ->
        {
            assertThat(p.verdict()).isEqualTo("SKIPPED");
            assertThat(p.reason()).isEqualTo(skip);
        });
    }

    /**
     * The quick plan said once: on every pair of the suite, the model checker's own process, given what the campaign
     * passes it ({@code --leave-to-jcstress CPUS --quick-controls FILE}, ModelCheckRunner), leaves exactly the pairs
     * the campaign's plan ({@link EnginePlan#notRun}) reports not run, with the same reason (a scenario not on the
     * model checker: the reason {@link ModelChecker#explore} reports), on the repository's expectations.
     */
    @Test
    void theModelCheckerLeavesExactlyThePairsTheCampaignsQuickPlanDoes() throws Exception
    {
        final Path file = Paths.get("..", "expected-verdicts.properties");
        final Expectations expectations = Expectations.load(file);
        for (final int cpus : new int[] {1, 2, 3})
        {
            final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {"--leave-to-jcstress", Integer.toString(cpus),
                "--quick-controls", file.toString()});
            int left = 0;
            int explored = 0;
            for (final Scenario s : Scenarios.all())
            {
                for (final Design d : Designs.all())
                {
                    final String campaign = EnginePlan.notRun(Mode.QUICK, cpus, expectations, new Unit(d.name(), s.id(), Unit.MODEL_CHECKER));
                    final String modelChecker = s.runsOn(Scenario.MODEL_CHECKER) ? ModelCheck.leftByPlan(o, s, d.name())
                        : ModelChecker.NOT_ON_THIS_ENGINE + s.notRunOn(Scenario.MODEL_CHECKER);
                    assertThat(modelChecker).as("%s on %s, %d CPUs", s.id(), d.name(), cpus).isEqualTo(campaign);
                    if (modelChecker == null)
                    {
                        explored++;
                    }
                    else
                    {
                        left++;
                    }
                }
            }
            assertThat(left).as("%d CPUs: pairs left", cpus).isPositive();
            assertThat(explored).as("%d CPUs: pairs explored", cpus).isPositive();
        }
    }

    @Test
    void aScenarioFloorRaisesTheBudgetsBelowItOnly()
    {
        /* no scenario has a floor since the guided schedule reached v8's map-vs-unmap-identical window: a made-up one */
        final Scenario scenario = new Scenario(new Scenario.Spec("floored", "a window beyond the quick budget on v8")
            .actors("a", "b").modelCheckerAtLeast(75, "v8"))
        {
            @Override
            public org.ioptstress.stress.scenario.Trial newTrial(final org.ioptstress.iommufd.Design design)
            {
                throw new UnsupportedOperationException("never explored");
            }
        };
        final String candidate = "v8";
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[0]), scenario, candidate)).isEqualTo(75);
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[0]), scenario, "upstream")).isEqualTo(Budget.QUICK.invocations());
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[] {"--budget", "default"}), scenario, candidate))
            .as("a floor below a budget never lowers it").isEqualTo(Budget.DEFAULT.invocations());
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[] {"--budget", "tough"}), scenario, candidate)).isEqualTo(1_000);
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[] {"--budget", "sanity"}), scenario, candidate)).isEqualTo(1);
        assertThat(ModelCheck.budgetOf(ModelCheckOptions.parse(new String[] {"--invocations", "7"}), scenario, candidate)).isEqualTo(7);
    }
}

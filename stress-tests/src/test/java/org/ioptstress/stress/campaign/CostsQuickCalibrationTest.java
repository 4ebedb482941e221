package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * The quick campaign's ETA from the estimates ({@link Costs}) against session 7's idle fresh-clone quick campaign
 * (README, commit 62255c1, 2 CPUs): jcstress 129 tests in 3 min 36 s, the model checker 20 pairs in 40 s, the explore
 * phase 20 s. A plan that runs other pairs, or a machine that got faster, moves these figures: measure again and
 * re-calibrate.
 */
class CostsQuickCalibrationTest
{
    @Test
    void theQuickCampaignsEstimateIsWhatItTookIdle() throws Exception
    {
        final Expectations e = Expectations.load(Paths.get("..", "expected-verdicts.properties"));
        final Costs costs = Costs.estimates();
        final long budget = Mode.QUICK.modelCheckBudget().invocations();
        final List<Unit> jcstress = new ArrayList<>();
        final List<Unit> modelChecker = new ArrayList<>();
        for (final Scenario s : Scenarios.all())
        {
            for (final Design d : Designs.all())
            {
                for (final String engine : List.of(Unit.JCSTRESS, Unit.MODEL_CHECKER))
                {
                    final Unit u = new Unit(d.name(), s.id(), engine);
                    if (EnginePlan.notRun(Mode.QUICK, 2, e, u) == null)
                    {
                        (u.jcstress() ? jcstress : modelChecker).add(u);
                    }
                }
            }
        }
        assertThat(jcstress).as("the measured plan's jcstress tests").hasSize(129);
        assertThat(modelChecker).as("the measured plan's model-checker pairs").hasSize(20);

        final double jcstressSeconds = jcstress.stream().mapToDouble(u -> costs.cost(u, Mode.QUICK, budget)).sum();
        final double modelCheckerSeconds = Console.modelCheckerSeconds(costs, Mode.QUICK, budget, modelChecker);
        final Campaign.Options quick = new Campaign.Options();
        quick.mode = Mode.QUICK;

        assertThat(jcstressSeconds).as("jcstress: 3 min 36 s").isCloseTo(216, within(216 * 0.05));
        assertThat(modelCheckerSeconds).as("the model checker: 40 s").isCloseTo(40, within(40 * 0.1));
        assertThat(Campaign.exploreSeconds(quick)).as("explore").isEqualTo(20);
        assertThat(jcstressSeconds + modelCheckerSeconds + Campaign.exploreSeconds(quick)).as("the ETA at the start: 4 min 36 s")
            .isCloseTo(276, within(276 * 0.05));
    }
}

package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/**
 * The whole suite, every scenario on every design, through the built jcstress.jar in sanity mode: every test
 * is in the jar, runs and samples, and the harness never errs; tests with more actors than CPUs are reported
 * skipped. Verdicts are not asserted here (a sanity run samples too little); the power test does that.
 */
class SuiteSanityIT
{
    @Test
    void everyScenarioOnEveryDesignRunsAndSamples() throws Exception
    {
        final Campaign.Result r = JcstressRuns.run("sanity", Mode.SANITY, Designs.names(), Scenarios.ids());

        assertThat(r.verdicts).hasSize(Designs.names().size() * Scenarios.ids().size());
        final int cpus = Runtime.getRuntime().availableProcessors();
        for (final TestVerdict v : r.verdicts)
        {
            /* the model checker ran the pair too (one interleaving in this mode), three actors included */
            assertThat(v.modelChecker).as("%s on %s: model checker", v.scenario, v.design).isNotNull();
            final String notOnMc = Scenarios.byId(v.scenario).notRunOn(Scenario.MODEL_CHECKER);
            if (notOnMc != null)
            {
                /* a scenario the model checker does not apply to: reported as such, never explored */
                assertThat(v.modelChecker.verdict()).isEqualTo(Verdict.SKIPPED);
                assertThat(v.modelChecker.reason()).isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + notOnMc);
                assertThat(v.modelChecker.invocations()).isZero();
            }
            else
            {
                assertThat(v.modelChecker.verdict()).as("%s on %s: %s", v.scenario, v.design, v.modelChecker.reason())
                    .isIn(Verdict.OK, Verdict.FAILED);
                assertThat(v.modelChecker.invocations()).isPositive();
            }
            final String notOnJcstress = Scenarios.byId(v.scenario).notRunOn(Scenario.JCSTRESS);
            if (notOnJcstress != null)
            {
                /* a scenario jcstress does not apply to: never selected, never judged there */
                assertThat(v.verdict).isEqualTo(Verdict.SKIPPED);
                assertThat(v.reason).isEqualTo(ModelChecker.NOT_ON_THIS_ENGINE + notOnJcstress);
                continue;
            }
            if (Scenarios.byId(v.scenario).actors() > cpus)
            {
                assertThat(v.verdict).isEqualTo(Verdict.SKIPPED);
                assertThat(v.reason).startsWith("needs 3 CPUs, machine has " + cpus + "; its pairs run as ");
                continue;
            }
            assertThat(v.verdict).as("%s on %s: %s", v.scenario, v.design, v.reason).isIn(Verdict.OK, Verdict.FAILED);
            assertThat(v.samples).as("%s on %s samples", v.scenario, v.design).isPositive();
        }
        assertThat(r.exitCode).isNotEqualTo(Campaign.EXIT_HARNESS);
    }
}

package org.ioptstress.stress.gen;

import static org.assertj.core.api.Assertions.assertThat;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

class GenerateJcstressTestsTest
{
    @Test
    void oneNestedTestPerDesignWithTheScenarioOutcomesDeclaredOnce()
    {
        final Scenario s = Scenarios.byId("unmap-vs-internal-pin-same-area");

        final String src = GenerateJcstressTests.source(s, Designs.all());

        assertThat(src).contains("public class UnmapVsInternalPinSameArea");
        for (final Design d : Designs.all())
        {
            assertThat(src).contains("public static class " + Adapters.nestedClass(d.name()) + " extends");
        }
        for (final Case c : s.cases())
        {
            assertThat(src).containsOnlyOnce("@Outcome(id = \"" + c.regex().replace("\\", "\\\\") + "\"");
        }
        assertThat(src).contains("@Outcome(expect = FORBIDDEN").contains("public void unmap()").contains("public void pin()");
        assertThat(Adapters.testName(s, "v8")).isEqualTo("org.ioptstress.stress.jcstress.UnmapVsInternalPinSameArea.V8");
    }

    @Test
    void livenessScenariosBecomeTerminationTestsWithTheSecondActorAsSignal()
    {
        final String src = GenerateJcstressTests.source(Scenarios.byId("hwqueue-destroy-vs-unmap-liveness"), Designs.all());

        assertThat(src).contains("@JCStressTest(Mode.Termination)").contains("@Signal").contains("id = \"STALE\", expect = FORBIDDEN");
        assertThat(src).doesNotContain("@Arbiter");
    }
}

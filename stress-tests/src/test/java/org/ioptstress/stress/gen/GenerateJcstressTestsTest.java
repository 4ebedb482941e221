package org.ioptstress.stress.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
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

    /** unmap-vs-mdev-close accepts destroy-busy as interesting (its owner fails on it), its owner forbids it. */
    @Test
    void anInterestingCaseIsAcceptableInterestingOnlyWhereTheScenarioSaysSo()
    {
        final String close = GenerateJcstressTests.source(Scenarios.byId("unmap-vs-mdev-close"), Designs.all());
        final String owner = GenerateJcstressTests.source(Scenarios.byId("unmap-vs-mdev-close-destroy-busy"), Designs.all());

        assertThat(close).contains("import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;")
            .contains("@Outcome(id = \"OK destroy-busy \\\\|.*\", expect = ACCEPTABLE_INTERESTING, desc = \"destroy-busy, judged in"
                + " unmap-vs-mdev-close-destroy-busy")
            .contains("@Outcome(id = \"OK unmapped \\\\|.*\", expect = ACCEPTABLE,");
        assertThat(owner).doesNotContain("ACCEPTABLE_INTERESTING")
            .contains("@Outcome(id = \"FAIL destroy-busy \\\\|.*\", expect = FORBIDDEN,");
    }

    @Test
    void livenessScenariosBecomeTerminationTestsWithTheSecondActorAsSignal()
    {
        final String src = GenerateJcstressTests.source(Scenarios.byId("hwqueue-destroy-vs-unmap-liveness"), Designs.all());

        assertThat(src).contains("@JCStressTest(Mode.Termination)").contains("@Signal").contains("id = \"STALE\", expect = FORBIDDEN");
        assertThat(src).doesNotContain("@Arbiter");
    }

    /**
     * One generated test class, committed: what the processor writes for a scenario and two designs. Regenerate
     * after a deliberate change of the generator or the scenario with
     * {@code ./mvnw -pl stress-tests -am test -Dtest=GenerateJcstressTestsTest -Dgolden.update=true
     * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff.
     */
    @Test
    void generatedSourceMatchesTheGoldenFile() throws Exception
    {
        final Path golden = Path.of("src/test/resources/golden/UnmapVsInternalPinSameArea.java.txt");
        final String src = GenerateJcstressTests.source(Scenarios.byId("unmap-vs-internal-pin-same-area"),
            List.of(Designs.byName("v8"), Designs.byName("broken-no-lock-check")));
        if (Boolean.getBoolean("golden.update"))
        {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, src, StandardCharsets.UTF_8);
        }
        assertThat(src).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}

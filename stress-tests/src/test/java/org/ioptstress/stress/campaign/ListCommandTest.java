package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/** {@code ./iopt-stress list}: every design with its role, every scenario, every mode (bad input: CliBadInputTest). */
class ListCommandTest
{
    @Test
    void designsShowTheirRoleAndWhereTheyAreRegistered()
    {
        final String text = ListCommand.parse("designs").text();

        assertThat(text.lines().skip(1)).hasSize(Designs.all().size());
        assertThat(text).containsPattern("\\n  v8 +real patch +core +\\S")
            .containsPattern("\\n  upstream-notify-fix +candidate fix +core +\\S")
            .containsPattern("\\n  broken-no-lock-check +negative control +core +\\S")
            .containsPattern("\\n  broken-ioas-wide-lock +negative control +suite-only +NEGATIVE CONTROL");
        for (final Design d : Designs.all())
        {
            assertThat(text).contains("  " + d.name() + " ").contains(d.summary());
        }
        /* registry order: every real patch before the first candidate fix, every candidate before the controls */
        assertThat(text.indexOf("  upstream ")).isLessThan(text.indexOf("  upstream-notify-fix "));
        assertThat(text.indexOf("  upstream-notify-fix ")).isLessThan(text.indexOf("  broken-no-lock-check "));
    }

    @Test
    void scenariosShowTheirActorsControlsAndRace()
    {
        final String text = ListCommand.parse("scenarios").text();

        for (final Scenario s : Scenarios.all())
        {
            assertThat(text).contains("  " + s.id() + " ").contains(s.actors() + " actors")
                .contains("controls: " + String.join(", ", s.negativeControls())).contains(s.race());
        }
        assertThat(text).doesNotContain("Designs");
    }

    @Test
    void modesShowWhatEachRuns()
    {
        final String text = ListCommand.parse("modes").text();

        assertThat(text.lines().skip(1)).hasSize(Mode.values().length);
        assertThat(text).containsPattern("\\n  quick +jcstress -m quick .*; model checker \\S+; explore 20 s")
            .containsPattern("\\n  sanity +jcstress -m sanity .*; explore 0 s\\n")
            .contains("explore 20 s; " + EnginePlan.QUICK_RULE + "; " + EnginePlan.QUICK_CONTROLS_RULE + "\n");
    }

    @Test
    void withNoArgumentItListsDesignsThenScenarios()
    {
        assertThat(ListCommand.parse().text()).isEqualTo(ListCommand.designs() + ListCommand.scenarios());
    }
}

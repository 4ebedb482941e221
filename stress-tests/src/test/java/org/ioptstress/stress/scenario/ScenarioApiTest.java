package org.ioptstress.stress.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

class ScenarioApiTest
{
    @Test
    void outcomeRoundTripsThroughItsString()
    {
        final Outcome o = new Outcome(false, "deadlock", "unmap=-EDEADLOCK pin=0; reports=WARN");

        assertThat(o.toString()).isEqualTo("FAIL deadlock | unmap=-EDEADLOCK pin=0; reports=WARN");
        assertThat(Outcome.parse(o.toString())).isEqualTo(o);
        assertThat(Outcome.parse("garbage").ok()).isFalse();
    }

    @Test
    void caseRegexMatchesOnlyItsOwnVerdictAndLabel()
    {
        final Case ok = Case.ok("unmap-won", "unmap first");

        assertThat("OK unmap-won | unmap=0").matches(ok.regex());
        assertThat("FAIL unmap-won | unmap=0").doesNotMatch(ok.regex());
        assertThat("OK unmap-won-later | x").doesNotMatch(ok.regex());
        assertThatThrownBy(() -> Case.ok("Bad Label", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyScenarioIsWellFormed()
    {
        final Set<String> ids = new HashSet<>();
        final Set<String> classes = new HashSet<>();
        for (final Scenario s : Scenarios.all())
        {
            assertThat(ids.add(s.id())).as("unique id %s", s.id()).isTrue();
            assertThat(classes.add(s.hazard())).as("unique class %s", s.hazard()).isTrue();
            assertThat(s.actorNames()).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z][A-Za-z0-9]*"));
            assertThat(s.cases()).extracting(Case::label).doesNotHaveDuplicates();
            assertThat(s.cases()).as("%s declares an acceptable outcome", s.id()).anyMatch(Case::ok);
            assertThat(s.cases()).contains(Case.UNEXPECTED, Case.EXCEPTION);
            assertThat(s.negativeControls()).as("%s has a negative control", s.id()).isNotEmpty();
            assertThat(Designs.names()).containsAll(s.negativeControls());
            assertThat(Scenarios.ids()).containsAll(s.coveredBy());
            if (s.actors() > 2)
            {
                assertThat(s.coveredBy()).as("%s names the 2-actor scenarios covering its pairs", s.id()).isNotEmpty();
            }
        }
    }

    @Test
    void everyNegativeControlDesignControlsSomeScenario()
    {
        final Set<String> used = new HashSet<>();
        Scenarios.all().forEach(s -> used.addAll(s.negativeControls()));

        Designs.all().stream().filter(org.ioptstress.iommufd.Design::negativeControl)
            .forEach(d -> assertThat(used).as("scenario controlled by %s", d.name()).contains(d.name()));
    }

    @Test
    void designNamesBecomeDistinctClassNames()
    {
        assertThat(Scenario.camel("broken-no-lock-check")).isEqualTo("BrokenNoLockCheck");
        assertThat(Scenario.camel("v7-hoisted")).isEqualTo("V7Hoisted");
        assertThat(Designs.names().stream().map(Scenario::camel)).doesNotHaveDuplicates();
    }
}

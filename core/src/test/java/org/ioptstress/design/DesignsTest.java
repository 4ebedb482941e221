package org.ioptstress.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.ioptstress.iommufd.Design;
import org.junit.jupiter.api.Test;

/** The registry the stress suite, the benchmarks and the campaign pick designs from by name. */
class DesignsTest
{
    @Test
    void registryListsCandidatesThenNegativeControls()
    {
        assertThat(Designs.names()).containsExactly("baseline", "v7", "v7-hoisted", "v8", "upstream",
            "upstream-notify-fix", "upstream-notify-lock-then-put", "upstream-tries-fix",
            "broken-no-lock-check", "broken-racy-num-locks", "broken-area-after-unlock");
        assertThat(names(Designs.candidates())).containsExactly("baseline", "v7", "v7-hoisted", "v8", "upstream",
            "upstream-notify-fix", "upstream-notify-lock-then-put", "upstream-tries-fix");
        assertThat(names(Designs.negativeControls())).containsExactly("broken-no-lock-check", "broken-racy-num-locks",
            "broken-area-after-unlock");
    }

    @Test
    void everyDesignHasARoleAndCoreHoldsNoSuiteOnlyDesign()
    {
        assertThat(names(Designs.withRole(Design.Role.REAL_PATCH))).containsExactly("baseline", "v7", "v7-hoisted",
            "v8", "upstream");
        assertThat(names(Designs.withRole(Design.Role.CANDIDATE_FIX))).containsExactly("upstream-notify-fix",
            "upstream-notify-lock-then-put", "upstream-tries-fix");
        assertThat(Designs.all()).noneMatch(Design::suiteOnly);
        assertThat(names(Designs.core())).isEqualTo(Designs.names());
    }

    @Test
    void byNameGivesAFreshInstanceAndNamesTheKnownOnesOtherwise()
    {
        for (final String name : Designs.names())
        {
            final Design design = Designs.byName(name);
            assertThat(design.name()).isEqualTo(name);
            assertThat(design.toString()).isEqualTo(name);
            assertThat(Designs.byName(name)).isNotSameAs(design).hasSameClassAs(design);
        }
        assertThatThrownBy(() -> Designs.byName("v9")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown design 'v9'").hasMessageContaining("upstream-notify-fix");
    }

    @Test
    void negativeControlsSayWhatTheyBreak()
    {
        for (final Design design : Designs.all())
        {
            assertThat(design.summary()).as(design.name()).isNotBlank();
            assertThat(design.summary().startsWith("NEGATIVE CONTROL")).as(design.name())
                .isEqualTo(design.negativeControl());
        }
    }

    @Test
    void everyDesignHasATraitsRowThatAgreesWithIt()
    {
        for (final Design design : Designs.all())
        {
            final DesignTraits t = DesignTraits.of(design);
            assertThat(t.name()).isEqualTo(design.name());
            assertThat(t.internalAccess()).as(design.name()).isEqualTo(design.hasInternalAccess());
            assertThat(!t.numLocks() || t.internalAccess()).as("num_locks needs internal accesses").isTrue();
        }
        assertThat(DesignTraits.of("v9")).as("an unlisted design is held to the correct semantics")
            .isEqualTo(DesignTraits.of("upstream-notify-fix").withName("v9"));
    }

    private static List<String> names(final List<Design> designs)
    {
        return designs.stream().map(Design::name).collect(Collectors.toList());
    }
}

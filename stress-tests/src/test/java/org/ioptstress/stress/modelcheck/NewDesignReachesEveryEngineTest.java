package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.campaign.Campaign;
import org.ioptstress.stress.campaign.Unit;
import org.ioptstress.stress.gen.GenerateJcstressTests;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.registry.AddedDesign;
import org.ioptstress.stress.registry.WithAddedDesign;
import org.ioptstress.stress.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A design added as one class and one services line, and nothing else, is raced by jcstress (a generated test
 * per scenario), in the campaign's matrix (a jcstress and a model-checker unit per scenario) and in the model
 * checker's pairs. (The benchmarks' side: benchmarks' NewDesignIsBenchmarkedTest.)
 */
class NewDesignReachesEveryEngineTest
{
    @Test
    void addedDesignIsInTheMatrixTheModelCheckersPairsAndTheJcstressSuite(@TempDir final Path dir) throws Exception
    {
        assertThat(Designs.names()).doesNotContain(AddedDesign.NAME);
        WithAddedDesign.call(dir, AddedDesign.class, () ->
        {
            final Design added = Designs.byName(AddedDesign.NAME);
            assertThat(added).isInstanceOf(AddedDesign.class);
            assertThat(added.role()).isEqualTo(Design.Role.CANDIDATE_FIX);
            /* registry order: after the core candidate fixes, before every negative control */
            final List<String> names = Designs.names();
            assertThat(names.indexOf(AddedDesign.NAME)).isEqualTo(names.indexOf("upstream-tries-fix") + 1);

            /* the campaign's matrix: by default every design, a jcstress and a model-checker unit per scenario */
            final Campaign.Options campaign = new Campaign.Options();
            assertThat(campaign.designs).contains(AddedDesign.NAME);
            final List<Unit> units = Unit.all(campaign.designs, campaign.scenarios, true);
            assertThat(units.stream().filter(u -> u.design().equals(AddedDesign.NAME)))
                .hasSize(2 * Scenarios.all().size());

            /* the model checker's pairs */
            final List<String[]> pairs = ModelCheck.pairs(new ModelCheckOptions());
            assertThat(pairs.stream().filter(p -> p[1].equals(AddedDesign.NAME))).hasSize(Scenarios.all().size());

            /* jcstress: the build's generator writes a nested test for it in every scenario's class */
            final Map<String, String> sources = GenerateJcstressTests.sources();
            assertThat(sources).hasSize(Scenarios.all().size());
            assertThat(sources.values()).allSatisfy(src -> assertThat(src)
                .contains("public static class " + Adapters.nestedClass(AddedDesign.NAME) + " extends")
                .contains("Adapters.design(\"" + AddedDesign.NAME + "\")"));
            return null;
        });
        assertThat(Designs.names()).as("seen only by the test that added it").doesNotContain(AddedDesign.NAME);
    }
}

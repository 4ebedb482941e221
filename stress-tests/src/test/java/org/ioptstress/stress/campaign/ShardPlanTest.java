package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard plan: an exact, deterministic, cost-balanced partition of a campaign's units. */
class ShardPlanTest
{
    private static final List<Unit> ALL = Unit.all(Designs.names(), Scenarios.ids(), true);

    @Test
    void shardsOfOneToFivePartitionEveryUnitExactlyAndBalanceTheirCost()
    {
        final Costs costs = Costs.estimates();
        for (final Mode mode : List.of(Mode.QUICK, Mode.TOUGH))
        {
            final long budget = mode.modelCheckBudget().invocations();
            final double heaviest = ALL.stream().mapToDouble(u -> costs.cost(u, mode, budget)).max().orElseThrow();
            for (int n = 1; n <= 5; n++)
            {
                final ShardPlan plan = ShardPlan.of(ALL, n, costs, mode, budget);
                final List<Unit> union = new ArrayList<>();
                double min = Double.MAX_VALUE;
                double max = 0;
                for (int i = 0; i < n; i++)
                {
                    final List<Unit> shard = plan.units(i);
                    assertThat(shard).as("shard %d/%d", i, n).isNotEmpty();
                    for (final Unit u : shard)
                    {
                        assertThat(plan.shardOf(u)).isEqualTo(i);
                    }
                    union.addAll(shard);
                    min = Math.min(min, plan.load(i));
                    max = Math.max(max, plan.load(i));
                }
                assertThat(union).as("%d shards, mode %s: nothing lost, nothing doubled", n, mode)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ALL);
                /* longest processing time first: the heaviest shard is within one unit of the lightest */
                assertThat(max - min).as("%d shards, mode %s: imbalance", n, mode).isLessThanOrEqualTo(heaviest + 1e-9);
            }
        }
    }

    @Test
    void everyShardComputesTheSamePlanWhateverTheOrderOfTheSelection()
    {
        final List<Unit> reversed = new ArrayList<>(ALL);
        Collections.reverse(reversed);
        final ShardPlan a = ShardPlan.of(ALL, 4, Costs.estimates(), Mode.QUICK, 25);
        final ShardPlan b = ShardPlan.of(reversed, 4, Costs.estimates(), Mode.QUICK, 25);
        for (final Unit u : ALL)
        {
            assertThat(b.shardOf(u)).as("%s", u).isEqualTo(a.shardOf(u));
        }
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(ShardPlan.of(ALL, 5, Costs.estimates(), Mode.QUICK, 25).fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(a.shardOf(new Unit("v8", "no-such-scenario", Unit.JCSTRESS))).isEqualTo(-1);
    }

    @Test
    void measuredCostsFromAPreviousCampaignMoveTheHeavyUnitsApart(@TempDir final Path dir) throws Exception
    {
        final List<String> designs = List.of("v8", "upstream");
        final List<String> scenarios = List.of("map-vs-unmap-identical", "pin-vs-detach-same-access");
        final List<Unit> units = Unit.all(designs, scenarios, true);
        /* a quick campaign measured: the two model-checker units of map-vs-unmap-identical took 60 s each */
        final Progress p = new Progress();
        p.mode = "quick";
        p.designs = designs;
        p.scenarios = scenarios;
        p.modelCheck = true;
        for (final Unit u : units)
        {
            final boolean heavy = !u.jcstress() && u.scenario().equals("map-vs-unmap-identical");
            p.units.add(new Progress.Entry(u, Verdict.OK, "", heavy ? 60_000 : 1_000, u.jcstress() ? -1 : 25, false, 25));
        }
        p.write(dir);
        final Costs costs = Costs.load(dir);
        assertThat(costs.measuredUnits()).isEqualTo(units.size());
        final Unit heavyV8 = new Unit("v8", "map-vs-unmap-identical", Unit.MODEL_CHECKER);
        final Unit heavyUpstream = new Unit("upstream", "map-vs-unmap-identical", Unit.MODEL_CHECKER);
        /* scaled to tough: 1000 interleavings instead of 25, per the CPU it has on a 2-CPU shard */
        assertThat(costs.serialSeconds(heavyV8, Mode.TOUGH, 1000)).isEqualTo(60.0 * 1000 / 25);
        assertThat(costs.cost(heavyV8, Mode.QUICK, 25)).isEqualTo(30.0);
        final ShardPlan plan = ShardPlan.of(units, 2, costs, Mode.QUICK, 25);
        assertThat(plan.shardOf(heavyV8)).isNotEqualTo(plan.shardOf(heavyUpstream));
    }

    @Test
    void theShardIndexComesFromTheOptionOrFromAnIndexedJob()
    {
        final Campaign.Options o = Campaign.parse(new String[] {"--shard", "2/3"});
        Shard.resolveIndex(o, Map.of("JOB_COMPLETION_INDEX", "0"));
        assertThat(o.shardIndex).isEqualTo(2);
        assertThat(o.shardCount).isEqualTo(3);

        final Campaign.Options k8s = Campaign.parse(new String[] {"--shards", "8"});
        Shard.resolveIndex(k8s, Map.of("JOB_COMPLETION_INDEX", "7"));
        assertThat(k8s.shardIndex).isEqualTo(7);

        assertThatThrownBy(() -> Shard.resolveIndex(Campaign.parse(new String[] {"--shards", "8"}), Map.of()))
            .hasMessageContaining("JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> Shard.resolveIndex(Campaign.parse(new String[] {"--shards", "8"}),
            Map.of("JOB_COMPLETION_INDEX", "8"))).hasMessageContaining("0 <= I < N");
        for (final String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0"))
        {
            assertThatThrownBy(() -> Campaign.parse(new String[] {"--shard", bad})).as(bad)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--shard needs I/N");
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++)
        {
            final Campaign.Options s = Campaign.parse(new String[] {"--shard", i + "/3"});
            seen.add(s.shardIndex + "/" + s.shardCount);
        }
        assertThat(seen).containsExactlyInAnyOrder("0/3", "1/3", "2/3");
    }
}

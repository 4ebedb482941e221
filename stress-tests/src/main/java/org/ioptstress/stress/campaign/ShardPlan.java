package org.ioptstress.stress.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The partition of a campaign's units into N shards: deterministic (every shard computes the same plan from the
 * same selection, mode and costs, with no coordination), exact (every unit in exactly one shard) and balanced by
 * cost: longest processing time first, each unit to the least loaded shard (ties: the lower index), which keeps
 * the heaviest shard within one unit of the lightest. The plan's fingerprint (a hash of the whole assignment) is
 * recorded by each shard, so a merge can refuse shards planned differently (another --costs, another N).
 */
public final class ShardPlan
{
    private final int count;
    private final Map<Unit, Integer> shardOf = new LinkedHashMap<>();
    private final double[] jcstressLoad;
    private final double[] mcLoad;
    private final double[] mcLongest;
    private final String fingerprint;

    private ShardPlan(final int count)
    {
        this.count = count;
        this.jcstressLoad = new double[count];
        this.mcLoad = new double[count];
        this.mcLongest = new double[count];
        this.fingerprint = null;
    }

    private ShardPlan(final ShardPlan p, final String fingerprint)
    {
        this.count = p.count;
        this.shardOf.putAll(p.shardOf);
        this.jcstressLoad = p.jcstressLoad;
        this.mcLoad = p.mcLoad;
        this.mcLongest = p.mcLongest;
        this.fingerprint = fingerprint;
    }

    /** The plan of {@code units} (in report order) over {@code n} shards. */
    public static ShardPlan of(final List<Unit> units, final int n, final Costs costs, final Mode mode, final long mcBudget)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("shards must be at least 1");
        }
        final ShardPlan plan = new ShardPlan(n);
        final Map<Unit, Double> cost = new LinkedHashMap<>();
        for (final Unit u : units)
        {
            cost.put(u, costs.cost(u, mode, mcBudget));
        }
        final List<Unit> byCost = new ArrayList<>(units);
        byCost.sort(Comparator.comparingDouble((Unit u) -> -cost.get(u)).thenComparing(Unit::key));
        final double[] load = new double[n];
        final PriorityQueue<Integer> least = new PriorityQueue<>(
            Comparator.comparingDouble((Integer i) -> load[i]).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++)
        {
            least.add(i);
        }
        final Map<Unit, Integer> assigned = new LinkedHashMap<>();
        for (final Unit u : byCost)
        {
            final int i = least.poll();
            load[i] += cost.get(u);
            assigned.put(u, i);
            least.add(i);
            if (u.jcstress())
            {
                plan.jcstressLoad[i] += cost.get(u);
            }
            else
            {
                plan.mcLoad[i] += cost.get(u);
                plan.mcLongest[i] = Math.max(plan.mcLongest[i], costs.serialSeconds(u, mode, mcBudget));
            }
        }
        final StringBuilder text = new StringBuilder().append(n).append('\n');
        for (final Unit u : units)
        {
            plan.shardOf.put(u, assigned.get(u));
        }
        byCost.sort(Comparator.comparing(Unit::key));
        for (final Unit u : byCost)
        {
            text.append(u.key()).append('=').append(assigned.get(u)).append('\n');
        }
        return new ShardPlan(plan, sha256(text.toString()).substring(0, 16));
    }

    public int count()
    {
        return count;
    }

    /** The shard that runs {@code u}, or -1 when it is not in the plan. */
    public int shardOf(final Unit u)
    {
        return shardOf.getOrDefault(u, -1);
    }

    /** The units of shard {@code i}, in report order. */
    public List<Unit> units(final int i)
    {
        final List<Unit> list = new ArrayList<>();
        shardOf.forEach((u, s) -> {
            if (s == i)
            {
                list.add(u);
            }
        });
        return list;
    }

    /** The balanced quantity: shard {@code i}'s summed unit costs. */
    public double load(final int i)
    {
        return jcstressLoad[i] + mcLoad[i];
    }

    /**
     * Projected wall time of shard {@code i} on a reference shard: its jcstress tests one after another, its pairs
     * on both CPUs but never sooner than its longest pair, and the shard's fixed overhead.
     */
    public double projectedSeconds(final int i)
    {
        return jcstressLoad[i] + Math.max(mcLoad[i], mcLongest[i]) + Costs.SHARD_OVERHEAD_SECONDS;
    }

    /** The slowest shard's projected wall time: the campaign's, when every shard runs at once. */
    public double projectedMakespan()
    {
        double max = 0;
        for (int i = 0; i < count; i++)
        {
            max = Math.max(max, projectedSeconds(i));
        }
        return max;
    }

    public String fingerprint()
    {
        return fingerprint;
    }

    /** {@code --plan N}: each shard's units and projected time. */
    public String describe(final Costs costs)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d units in %d shards (plan %s), costs: %s%n", shardOf.size(), count, fingerprint,
            costs.source()));
        /* what the plan leaves, SKIPPED in the report: per engine and reason */
        final Map<String, Long> notRun = new java.util.TreeMap<>();
        for (final Unit u : shardOf.keySet())
        {
            final String why = costs.notRun(u);
            if (why != null)
            {
                notRun.merge((u.jcstress() ? "jcstress" : "model checker") + ": " + why, 1L, Long::sum);
            }
        }
        notRun.forEach((why, n) -> sb.append(String.format(Locale.ROOT, "  not run: %3d units, %s%n", n, why)));
        if (costs.measuredUnits() < shardOf.size())
        {
            sb.append("  ").append(Costs.table()).append('\n');
        }
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            final List<Unit> us = units(i);
            total += load(i);
            sb.append(String.format(Locale.ROOT, "  shard %d/%d: %3d units (%d jcstress, %d model checker), load %s, projected %s%n",
                i, count, us.size(), us.stream().filter(Unit::jcstress).count(), us.stream().filter(u -> !u.jcstress()).count(),
                hms(load(i)), hms(projectedSeconds(i))));
        }
        sb.append(String.format(Locale.ROOT, "projected wall time %s with %d shards of %d CPUs (one shard alone: %s)%n",
            hms(projectedMakespan()), count, Costs.REFERENCE_CPUS, hms(total + Costs.SHARD_OVERHEAD_SECONDS)));
        return sb.toString();
    }

    static String hms(final double seconds)
    {
        final long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String sha256(final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}

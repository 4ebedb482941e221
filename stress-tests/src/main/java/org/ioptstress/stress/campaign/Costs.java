package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ioptstress.stress.support.Json;

/**
 * What each unit costs, in seconds of a 2-CPU shard (the reference machine: jcstress runs one two-actor test at a
 * time on both CPUs, the model checker two pairs at a time, one per CPU). The shard planner balances these; they
 * come from a previous campaign ({@code --costs DIR|report.json}: the per-unit times its {@code units.json} files
 * recorded, or the model checker's times in a report.json) and otherwise from this table of estimates (measured on
 * the reference machine, see the README):
 *
 * <pre>
 * jcstress, per test:        sanity 2 s, power 2 s, quick 1.7 s, default 6.5 s, tough 115 s (10 forks x 10 x 1 s)
 * model checker, per pair:   (1.3 s + 0.05 s per interleaving x the scenario's factor) / 2 CPUs (0.15 s before its
 *                            JVMs ran C1-only, ModelCheck.JVM_OPTIONS: about 3.3x less CPU),
 *                            factor 8 for map-vs-unmap-identical (its fixture maps and unmaps 3 areas), else 1
 *                            0 for a scenario the model checker does not run (Scenario#notRunOn)
 * model checker, per run:    13 s, once (its jobs' JVMs start in parallel: Lincheck's agent, the first transformation)
 * either engine:             0 for a negative control quick mode does not run (EnginePlan#quickSkipsControl)
 * per shard:                 20 s (JVM starts, jcstress's setup, Lincheck's agent in each model-checker job)
 * </pre>
 *
 * The quick figures are session 7's idle fresh-clone quick campaign (README, commit 62255c1): jcstress ran its 129
 * tests in 3 min 36 s, 1.67 s a test with jcstress's setup and its probes between forks; the model checker its 20
 * pairs (2 jobs) in 40 s, whose pairs' own times add up to 54 s: a pair failing at interleaving 1 took 1.3-1.5 s
 * (a pair's fixed part: its fixture, Lincheck's run and the replay for the trace; was charged 0.5 s), one OK over 25
 * interleavings 2.5-3.0 s (0.05 s an interleaving beyond it, as charged), and the 40 - 54 / 2 = 13 s left is the
 * jobs' start. The campaign's ETA ({@code Console}) adds that start once and the explore phase's fixed seconds
 * after the engines (quick: 20 s); only the build is outside it.
 *
 * <p>A time measured in another mode is scaled to this one: jcstress by the table's ratio of the two modes; the model
 * checker per interleaving, except that a pair that FAILED (or was explored exhaustively) within the budget costs
 * what it cost, since the exploration is deterministic.
 */
public final class Costs
{
    /** CPUs of the reference shard the costs are expressed on. */
    public static final int REFERENCE_CPUS = 2;
    public static final double SHARD_OVERHEAD_SECONDS = 20;
    static final double MC_PAIR_SECONDS = 1.3;
    static final double MC_INTERLEAVING_SECONDS = 0.05;
    /** A model-checker run's fixed start, its jobs' JVMs in parallel (the quick campaign's 40 s less its pairs' 27 s). */
    public static final double MC_RUN_SECONDS = 13;

    /** One measured unit. */
    record Measured(Mode mode, double seconds, Verdict verdict, long invocations, boolean exhaustive, long budget)
    {
    }

    private final Map<String, Measured> measured;
    private final String source;
    /** Why the mode's plan does not run a unit ({@link EnginePlan#quickSkipsControl}), null when it does: it costs nothing. */
    private final Function<Unit, String> notRun;

    private Costs(final Map<String, Measured> measured, final String source)
    {
        this(measured, source, u -> null);
    }

    private Costs(final Map<String, Measured> measured, final String source, final Function<Unit, String> notRun)
    {
        this.measured = measured;
        this.source = source;
        this.notRun = notRun;
    }

    /** These costs for a plan that does not run the units {@code notRun} gives a reason for: they cost nothing. */
    Costs leaving(final Function<Unit, String> notRun)
    {
        return new Costs(measured, source, notRun);
    }

    /** Why the plan does not run {@code u} (it is reported SKIPPED, never run), or null. */
    String notRun(final Unit u)
    {
        return notRun.apply(u);
    }

    public static Costs estimates()
    {
        return new Costs(Map.of(), "estimates");
    }

    public String source()
    {
        return source;
    }

    /** How many units have a measured time. */
    public int measuredUnits()
    {
        return measured.size();
    }

    /** The table's jcstress seconds per test in {@code mode}. */
    public static double jcstressSeconds(final Mode mode)
    {
        switch (mode)
        {
            case SANITY: return 2;
            case POWER: return 2;
            case QUICK: return 1.7;
            case DEFAULT: return 6.5;
            default: return 115;
        }
    }

    static double mcFactor(final String scenario)
    {
        return "map-vs-unmap-identical".equals(scenario) ? 8 : 1;
    }

    /** Wall seconds the unit keeps one engine job busy (jcstress: both CPUs; the model checker: one). */
    public double serialSeconds(final Unit u, final Mode mode, final long mcBudget)
    {
        final Measured m = measured.get(u.key());
        if (notRun.apply(u) != null)
        {
            return 0; /* reported as not run, never selected */
        }
        if (u.jcstress())
        {
            if (org.ioptstress.stress.scenario.Scenarios.ids().contains(u.scenario())
                && !org.ioptstress.stress.scenario.Scenarios.byId(u.scenario()).runsOn(Unit.JCSTRESS))
            {
                return 0; /* reported as not run on this engine, never selected */
            }
            if (m == null || m.verdict() == Verdict.SKIPPED)
            {
                return jcstressSeconds(mode);
            }
            return m.seconds() * jcstressSeconds(mode) / jcstressSeconds(m.mode());
        }
        if (org.ioptstress.stress.scenario.Scenarios.ids().contains(u.scenario())
            && !org.ioptstress.stress.scenario.Scenarios.byId(u.scenario()).runsOn(Unit.MODEL_CHECKER))
        {
            return 0; /* reported as not run on this engine, never explored */
        }
        if (m == null || m.invocations() <= 0)
        {
            return MC_PAIR_SECONDS + MC_INTERLEAVING_SECONDS * mcBudget * mcFactor(u.scenario());
        }
        final boolean settled = m.verdict() == Verdict.FAILED || m.exhaustive();
        if (settled && m.invocations() <= mcBudget)
        {
            return m.seconds();
        }
        return m.seconds() * mcBudget / m.invocations();
    }

    /** The unit's share of a reference shard's wall time: what the planner balances. */
    public double cost(final Unit u, final Mode mode, final long mcBudget)
    {
        final double s = serialSeconds(u, mode, mcBudget);
        return u.jcstress() ? s : s / REFERENCE_CPUS;
    }

    /**
     * Reads measured costs from {@code path}: a campaign or merge directory (every units.json below it), a
     * units.json, or a report.json (the model checker's times; jcstress's come from the table).
     */
    public static Costs load(final Path path) throws IOException
    {
        final Map<String, Measured> all = new HashMap<>();
        if (Files.isDirectory(path))
        {
            final List<Path> files;
            try (Stream<Path> walk = Files.walk(path, 4))
            {
                files = walk.filter(p -> p.getFileName().toString().equals(Progress.FILE)).sorted().collect(Collectors.toList());
            }
            if (files.isEmpty() && Files.exists(path.resolve("report.json")))
            {
                return load(path.resolve("report.json"));
            }
            for (final Path f : files)
            {
                fromProgress(Progress.read(f.getParent()), all);
            }
        }
        else if (Files.isRegularFile(path))
        {
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            final Object schema = ((Map<?, ?>)Json.read(text, Map.class)).get("schema");
            if (Progress.SCHEMA.equals(schema))
            {
                fromProgress(Progress.read(path.getParent()), all);
            }
            else if (Campaign.SCHEMA.equals(schema))
            {
                fromReport(Json.read(text, ReportJson.class), all);
            }
            else
            {
                throw new IllegalArgumentException("--costs: " + path + " is neither a campaign report.json nor a units.json");
            }
        }
        else
        {
            throw new IllegalArgumentException("--costs: no such file or directory: " + path);
        }
        if (all.isEmpty())
        {
            throw new IllegalArgumentException("--costs: no unit times in " + path);
        }
        return new Costs(all, path.toString() + " (" + all.size() + " units measured)");
    }

    private static void fromProgress(final Progress p, final Map<String, Measured> all)
    {
        final Mode mode = Mode.of(p.mode);
        for (final Progress.Entry e : p.units)
        {
            if (e.millis() < 0 || e.verdict() == Verdict.NOT_RUN || e.verdict() == Verdict.ERROR)
            {
                continue;
            }
            all.put(e.unit().key(), new Measured(mode, e.millis() / 1000.0, e.verdict(), e.invocations(), e.exhaustive(), e.budget()));
        }
    }

    private static void fromReport(final ReportJson report, final Map<String, Measured> all)
    {
        final Mode mode = Mode.of(report.run().mode());
        for (final ReportJson.ResultRow r : report.results())
        {
            final ReportJson.ModelCheckerRow mc = r.modelChecker();
            if (mc == null || Verdict.of(mc.verdict()) == Verdict.ERROR)
            {
                continue;
            }
            final Unit u = new Unit(r.design(), r.scenario(), Unit.MODEL_CHECKER);
            all.put(u.key(), new Measured(mode, mc.millis() / 1000.0, Verdict.of(mc.verdict()), mc.invocations(), mc.exhaustive(), mc.budget()));
        }
    }

    /** The table above, for {@code --plan}. */
    static String table()
    {
        return String.format(Locale.ROOT, "estimates (seconds of a %d-CPU shard): jcstress per test sanity %.1f, quick %.1f,"
                + " default %.1f, tough %.0f; model checker per pair (%.1f + %.2f x interleavings x factor) / %d, factor %.0f"
                + " for map-vs-unmap-identical, %.0f s per run; %.0f s per shard", REFERENCE_CPUS, jcstressSeconds(Mode.SANITY),
            jcstressSeconds(Mode.QUICK), jcstressSeconds(Mode.DEFAULT), jcstressSeconds(Mode.TOUGH), MC_PAIR_SECONDS,
            MC_INTERLEAVING_SECONDS, REFERENCE_CPUS, mcFactor("map-vs-unmap-identical"), MC_RUN_SECONDS, SHARD_OVERHEAD_SECONDS);
    }
}

package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This run's share of a campaign and its record: the units it runs (its shard of the {@link ShardPlan},
 * {@code --shard I/N}, and of those the ones a {@code --resume} has left), the campaign's hooks that keep the others
 * out of jcstress's and the model checker's runs, and the {@code units.json} ({@link Progress}) it leaves beside the
 * report. A unit this run does not run is NOT_RUN in its report ("shard 1/4's"); a merge or a resume fills it in.
 */
final class Shard
{
    private final Campaign.Options opts;
    private final ShardPlan plan;
    private final Costs costs;
    /** This run's units, in report order. */
    private final Set<Unit> mine;
    /** A subset of the campaign (a shard, or what a resume left): the engines get an explicit list. */
    private final boolean restricted;
    private long jcstressStartNanos;
    private long jcstressMillis = -1;
    private int jcstressTests;

    private Shard(final Campaign.Options opts, final ShardPlan plan, final Costs costs, final Set<Unit> mine, final boolean restricted)
    {
        this.opts = opts;
        this.plan = plan;
        this.costs = costs;
        this.mine = mine;
        this.restricted = restricted;
    }

    static Shard of(final Campaign.Options opts) throws IOException
    {
        final Costs costs = costs(opts);
        final List<Unit> all = Unit.all(opts.designs, opts.scenarios, opts.modelCheck);
        final ShardPlan plan = ShardPlan.of(all, opts.shardCount, costs, opts.mode, mcBudget(opts));
        final Set<Unit> mine = new LinkedHashSet<>(plan.units(Math.max(0, opts.shardIndex)));
        if (opts.onlyUnits != null)
        {
            mine.removeIf(u -> !opts.onlyUnits.contains(u.key()));
        }
        return new Shard(opts, plan, costs, mine, opts.shardCount > 1 || opts.onlyUnits != null);
    }

    /**
     * The plan's costs: {@code --costs}, else the estimates; a negative control quick mode does not run
     * ({@link EnginePlan#quickSkipsControl}, against the campaign's expectations file) costs nothing. Only rules of
     * the mode and the repository: every shard computes the same plan whatever its CPUs.
     */
    static Costs costs(final Campaign.Options opts) throws IOException
    {
        final Expectations expectations = Merge.expectations(opts.root, opts.expectations);
        return (opts.costs == null ? Costs.estimates() : Costs.load(opts.costs))
            .leaving(u -> EnginePlan.quickSkipsControl(opts.mode, expectations, u));
    }

    static long mcBudget(final Campaign.Options opts)
    {
        return opts.modelCheckInvocations > 0 ? opts.modelCheckInvocations : opts.mode.modelCheckBudget().invocations();
    }

    ShardPlan plan()
    {
        return plan;
    }

    Costs costs()
    {
        return costs;
    }

    boolean mine(final Unit u)
    {
        return mine.contains(u);
    }

    int size()
    {
        return mine.size();
    }

    /** Why a unit is not this run's, for its report cell. */
    private String elsewhere(final Unit u)
    {
        if (opts.shardCount > 1 && plan.shardOf(u) != opts.shardIndex)
        {
            return "shard " + plan.shardOf(u) + "/" + opts.shardCount + "'s unit";
        }
        return "finished before the resume";
    }

    /** The plan: jcstress units of other shards are NOT_RUN here and leave jcstress's test list. */
    void select(final Campaign.Result result, final List<TestVerdict> runnable)
    {
        for (final TestVerdict v : result.verdicts)
        {
            final Unit u = new Unit(v.design, v.scenario, Unit.JCSTRESS);
            if (!mine(u))
            {
                v.verdict = Verdict.NOT_RUN;
                v.reason = elsewhere(u);
                runnable.remove(v);
            }
        }
        jcstressTests = runnable.size();
        jcstressStartNanos = System.nanoTime();
    }

    /** The model checker's pairs: every selected one, or this run's as {@code --pairs}. */
    List<String> modelCheckerArgs()
    {
        if (!restricted)
        {
            return List.of();
        }
        return List.of("--pairs", mine.stream().filter(u -> !u.jcstress()).map(u -> u.scenario() + "/" + u.design())
            .collect(Collectors.joining(",")));
    }

    /**
     * After jcstress: its wall time (each test's share of it is the test's cost); when stopped, the tests jcstress
     * did not finish (no result, or fewer forks than the mode runs) are NOT_RUN, not harness errors.
     */
    void afterJcstress(final Campaign.Result result, final List<TestVerdict> runnable, final Path work) throws IOException
    {
        jcstressMillis = (System.nanoTime() - jcstressStartNanos) / 1_000_000;
        if (!Stop.requested())
        {
            return;
        }
        final Map<String, Integer> forks = new HashMap<>();
        for (final Path f : MergedReport.resultFiles(work))
        {
            forks.putAll(ResultReader.forkCounts(f));
        }
        final int expectedForks = opts.mode == Mode.TOUGH ? 10 : 1;
        for (final TestVerdict v : runnable)
        {
            if (forks.getOrDefault(v.testName, 0) < expectedForks)
            {
                v.verdict = Verdict.NOT_RUN;
                v.reason = "stopped before jcstress finished it";
                v.failure = null;
                v.outcomes.clear();
                v.reports.clear();
                v.samples = 0;
                v.jcstressPage = null;
            }
        }
        result.problems.removeIf(p -> p.startsWith("jcstress wrote no result file"));
    }

    /**
     * After the model checker (or instead of it, when stopped before it): other shards' pairs are NOT_RUN; when
     * stopped, so are this run's pairs it did not finish (the jobs' files, rewritten after every pair, hold the rest).
     */
    void afterModelChecker(final Campaign.Result result, final Path out) throws IOException
    {
        final Path dir = out.resolve("model-check");
        if (Stop.requested() && !Files.exists(dir.resolve("model-check.json")) && Files.isDirectory(dir))
        {
            final Map<String, ModelCheckVerdict> partial = MergedReport.modelCheckerResults(dir, out); /* the jobs' files */
            for (final TestVerdict v : result.verdicts)
            {
                v.modelChecker = partial.get(v.scenario + "/" + v.design);
            }
            result.problems.removeIf(p -> p.startsWith("the model checker wrote no model-check.json"));
        }
        for (final TestVerdict v : result.verdicts)
        {
            final Unit u = new Unit(v.design, v.scenario, Unit.MODEL_CHECKER);
            if (!mine(u))
            {
                v.modelChecker = notRun(u, elsewhere(u));
            }
            else if (v.modelChecker == null || Stop.requested() && v.modelChecker.verdict() == Verdict.ERROR)
            {
                v.modelChecker = notRun(u, Stop.requested() ? "stopped before the model checker finished it" : "no model-check result");
            }
        }
        if (result.modelChecker.isEmpty())
        {
            /* stopped before it started: the report still shows the engine's column */
            result.modelChecker.put("budget", opts.modelCheckInvocations > 0 ? "custom" : opts.mode.modelCheckBudget().id());
            result.modelChecker.put("invocationsPerPair", mcBudget(opts));
            result.modelChecker.put("repeat", opts.firstFailureRuns);
            result.modelChecker.put("args", List.of());
            result.modelChecker.put("report", "model-check/model-check.json");
        }
    }

    static ModelCheckVerdict notRun(final Unit u, final String reason)
    {
        return new ModelCheckVerdict(u.design(), u.scenario(), Verdict.NOT_RUN, null, reason, 0, 0, false, 0, -1, -1, 0, null, null);
    }

    /** Before the judgement: a stopped run says so, with the command that finishes it. */
    void beforeJudge(final Campaign.Result result)
    {
        if (Stop.requested())
        {
            result.problems.add(0, "stopped by a signal before every unit ran: `./iopt-stress campaign --resume "
                + result.reportDir + "` runs the rest");
        }
    }

    /** This run's units.json, beside its report. */
    void write(final Path out, final Campaign.Result result) throws IOException
    {
        final Progress p = new Progress();
        p.state = Stop.requested() ? Progress.STOPPED : Progress.COMPLETE;
        p.commit = result.run.getOrDefault("commit", "unknown");
        p.dirty = Boolean.parseBoolean(result.run.get("dirty"));
        p.mode = opts.mode.id();
        p.designs = opts.designs;
        p.scenarios = opts.scenarios;
        p.modelCheck = opts.modelCheck;
        p.mcInvocations = opts.modelCheckInvocations;
        p.firstFailureRuns = opts.firstFailureRuns;
        p.extraJcstressArgs = opts.extraJcstressArgs;
        p.shardIndex = Math.max(0, opts.shardIndex);
        p.shardCount = opts.shardCount;
        p.plan = plan.fingerprint();
        p.costs = opts.costs == null ? "estimates" : opts.costs.toAbsolutePath().toString();
        p.run.putAll(result.run);
        p.jcstressArgs = result.jcstressArgs;
        p.modelChecker.putAll(result.modelChecker);
        final long perTest = jcstressTests == 0 || jcstressMillis < 0 ? -1 : jcstressMillis / jcstressTests;
        for (final TestVerdict v : result.verdicts)
        {
            final Unit j = new Unit(v.design, v.scenario, Unit.JCSTRESS);
            if (mine(j))
            {
                final boolean ran = v.verdict != Verdict.NOT_RUN && v.verdict != Verdict.SKIPPED;
                p.units.add(new Progress.Entry(j, v.verdict, v.reason, ran ? perTest : v.verdict == Verdict.SKIPPED ? 0 : -1,
                    -1, false, -1));
            }
            final Unit m = new Unit(v.design, v.scenario, Unit.MODEL_CHECKER);
            if (opts.modelCheck && mine(m))
            {
                final ModelCheckVerdict mc = v.modelChecker;
                final boolean ran = mc != null && mc.verdict() != Verdict.NOT_RUN;
                p.units.add(new Progress.Entry(m, mc == null ? Verdict.NOT_RUN : mc.verdict(), mc == null ? "" : mc.reason(),
                    ran ? mc.millis() : -1, ran ? mc.invocations() : -1, ran && mc.exhaustive(), ran ? mc.budget() : -1));
            }
        }
        p.write(out);
    }

    /** {@code --shard I/N}: 0 <= I < N. */
    static void parseShard(final Campaign.Options o, final String text)
    {
        final String[] in = text.split("/");
        if (in.length == 2)
        {
            try
            {
                final int i = Integer.parseInt(in[0].strip());
                final int n = Integer.parseInt(in[1].strip());
                if (n > 0 && i >= 0 && i < n)
                {
                    o.shardIndex = i;
                    o.shardCount = n;
                    return;
                }
            }
            catch (final NumberFormatException ignored)
            {
                /* reported below */
            }
        }
        throw new IllegalArgumentException("--shard needs I/N with 0 <= I < N, not '" + text + "'");
    }

    /** {@code --shards N} without an index: a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX}. */
    static void resolveIndex(final Campaign.Options o, final Map<String, String> env)
    {
        if (o.shardCount <= 1)
        {
            o.shardIndex = 0;
            return;
        }
        if (o.shardIndex >= 0)
        {
            return;
        }
        final String index = env.get("JOB_COMPLETION_INDEX");
        if (index == null)
        {
            throw new IllegalArgumentException("--shards " + o.shardCount + " takes the shard's index from JOB_COMPLETION_INDEX"
                + " (a Kubernetes Indexed Job sets it), which is not set; or give --shard I/" + o.shardCount);
        }
        parseShard(o, index.strip() + "/" + o.shardCount);
    }

    /** The selection's units of a plan, for {@code --plan N}. */
    static String describePlan(final Campaign.Options opts, final int n) throws IOException
    {
        final Costs costs = costs(opts);
        final ShardPlan plan = ShardPlan.of(Unit.all(opts.designs, opts.scenarios, opts.modelCheck), n, costs, opts.mode,
            mcBudget(opts));
        return "mode " + opts.mode.id() + " (" + (opts.modelCheck ? mcBudget(opts) + " interleavings per pair" : "no model checker")
            + "): " + plan.describe(costs);
    }
}

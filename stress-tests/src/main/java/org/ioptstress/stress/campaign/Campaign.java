package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.support.Machine;

/**
 * {@code ./iopt-stress campaign}: runs the stress suite for the chosen designs and scenarios through jcstress (in
 * a subprocess, working directory {@code <out>/jcstress}), reads jcstress's result file itself, and writes the
 * verdict matrix design x scenario with every outcome, sample count and kernel report as {@code report.md},
 * {@code report.html} and {@code report.json} in {@code --out}.
 *
 * <p>Exit codes: 0 every verdict as recorded in the expectations file and every negative control failed;
 * 1 a verdict differs from its expectation or a negative control passed; 2 usage error; 3 the harness failed
 * (jcstress produced no result file, or a test ended in a jcstress error).
 */
public final class Campaign
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_UNEXPECTED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_HARNESS = 3;
    static final String SCHEMA = "iopt-stress-campaign/1";
    /** Where jcstress's forks record their first failure, relative to jcstress's working directory. */
    static final String FIRST_FAILURES = "first-failures";

    /** Campaign options (the command line: {@link CampaignCommand}). */
    public static final class Options
    {
        public List<String> designs = Designs.names();
        public List<String> scenarios = Scenarios.ids();
        public Mode mode = Mode.QUICK;
        public Path out;
        public Path expectations;
        public Path jar;
        public Path root = Paths.get("").toAbsolutePath();
        public int cpus = Runtime.getRuntime().availableProcessors();
        public boolean bench;
        /** Seconds of program exploration over the campaign's designs; -1 for the mode's (quick 20, default 120, tough 600). */
        public int exploreSeconds = -1;
        public String command;
        public List<String> extraJcstressArgs = new ArrayList<>();
        public boolean quiet;
        /** Run the second engine (Lincheck's model checker) over the same pairs. */
        public boolean modelCheck = true;
        /** Interleavings per pair, overriding the mode's budget; -1 for the mode's. */
        public int modelCheckInvocations = -1;
        /** Runs per failing pair behind each engine's median time to first failure. */
        public int firstFailureRuns = 1;
        /** A jcstress fork silent this long is stopped and its test FAILED hung; 0 for the mode's bound. */
        public int forkStallSeconds;
        /* campaigns beyond one machine (Shard, Merge, Stop): --shard I/N, --shards N, --costs, --resume, --plan N */
        /** This run's shard, 0-based; -1 with {@link #shardCount} > 1: from JOB_COMPLETION_INDEX. */
        public int shardIndex = -1;
        public int shardCount = 1;
        /** Per-unit times of a previous campaign that the shard plan balances (else the estimates of {@link Costs}). */
        public Path costs;
        /** {@code --resume DIR}: run what DIR did not finish and complete its report. */
        public Path resume;
        /** {@code --plan N}: print the partition into N shards and exit. */
        public int planShards;
        /** Only these units ({@link Unit#key()}), null for all of the shard's: what a resume runs. */
        public java.util.Set<String> onlyUnits;
    }

    /** What a campaign produced. */
    public static final class Result
    {
        /** Both engines' results as they arrive (the engines fill them in). */
        public final List<TestVerdict> verdicts = new ArrayList<>();
        /** The judged pairs the reports read, in the order of {@link #verdicts}; empty before {@link #judge}. */
        public List<PairVerdict> judged = List.of();
        public final List<String> problems = new ArrayList<>();
        public final Map<String, String> run = new LinkedHashMap<>();
        public List<String> jcstressArgs = List.of();
        /** What the model checker ran with (budget, interleavings, jobs, command), empty when it did not run. */
        public final Map<String, Object> modelChecker = new LinkedHashMap<>();
        public String benchReport;
        /** The exploration's report (explore/explore.md) and what it found, or why it did not run. */
        public String exploreReport;
        public int exitCode;
        /** Where the report was written. */
        public Path reportDir;

        public TestVerdict get(final String design, final String scenario)
        {
            return verdicts.stream().filter(v -> v.design.equals(design) && v.scenario.equals(scenario))
                .findFirst().orElse(null);
        }

        /** The judged pair, null before the judgement or for a pair not in the campaign. */
        public PairVerdict pair(final String design, final String scenario)
        {
            return judged.stream().filter(v -> v.design().equals(design) && v.scenario().equals(scenario))
                .findFirst().orElse(null);
        }
    }

    private final Options opts;
    private final Console console;
    /** This run's units of the campaign (all of them unless sharded or resumed). */
    private Shard shard;

    public Campaign(final Options opts)
    {
        this.opts = opts;
        this.console = new Console(opts);
    }

    public static void main(final String[] args) throws Exception
    {
        final CampaignCommand c = new CampaignCommand();
        final picocli.CommandLine cl;
        try
        {
            cl = command(c, args);
        }
        catch (final IllegalArgumentException e)
        {
            System.exit(Cli.usageError(System.err, "iopt-stress campaign", e));
            return;
        }
        if (c.help)
        {
            cl.usage(System.out);
            System.exit(EXIT_OK);
        }
        if (c.list)
        {
            System.out.print(list());
            System.exit(EXIT_OK);
        }
        System.exit(runMain(c.o));
    }

    /** Parses a campaign command line (bad input: IllegalArgumentException, one line). */
    static Options parse(final String[] args)
    {
        final CampaignCommand c = new CampaignCommand();
        command(c, args);
        return c.o;
    }

    private static picocli.CommandLine command(final CampaignCommand c, final String[] args)
    {
        final List<List<String>> parts = Cli.splitAtDashes(args);
        final picocli.CommandLine cl = Cli.parse(c, parts.get(0).toArray(String[]::new));
        c.o.extraJcstressArgs = new ArrayList<>(parts.get(1));
        return cl;
    }

    /**
     * The command line's run: a plan, a resume or a campaign, stoppable by SIGTERM/SIGINT ({@link Stop}). A shard
     * exits 0 once its units ran, whatever their verdicts (the merge judges them; a batch engine would retry a
     * failed shard), 3 on a harness error.
     */
    private static int runMain(final Options opts) throws Exception
    {
        try
        {
            Shard.resolveIndex(opts, System.getenv());
            if (opts.planShards > 0)
            {
                System.out.print(Shard.describePlan(opts, opts.planShards));
                return EXIT_OK;
            }
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("iopt-stress campaign: " + e.getMessage());
            return EXIT_USAGE;
        }
        Stop.install();
        try
        {
            final Result r = opts.resume != null ? Merge.resume(opts, new PrintWriter(System.out, true)) : new Campaign(opts).run();
            if (opts.shardCount > 1 && r.exitCode != EXIT_HARNESS)
            {
                System.out.println("Shard " + opts.shardIndex + "/" + opts.shardCount + " ran its units: exit 0 (`./iopt-stress merge`"
                    + " of every shard's directory judges the campaign)");
                return EXIT_OK;
            }
            return r.exitCode;
        }
        catch (final Merge.Refused | IllegalArgumentException e)
        {
            System.err.println("iopt-stress campaign: " + e.getMessage());
            return EXIT_USAGE;
        }
        catch (final InputError e)
        {
            System.err.println("iopt-stress campaign: " + e.getMessage());
            return e.exitCode();
        }
        finally
        {
            Stop.finished();
        }
    }

    /** The suite: designs and scenarios, as {@code iopt-stress list} prints them. */
    static String list()
    {
        return ListCommand.designs() + ListCommand.scenarios();
    }

    /** Runs the campaign and writes its reports. */
    public Result run() throws IOException, InterruptedException
    {
        final Instant started = Instant.now();
        final Result result = new Result();
        final Path out = opts.out != null ? opts.out
            : opts.root.resolve("target").resolve("campaign-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(started));
        final OutDir claim = OutDir.claim(out, SCHEMA); /* refuses a used, unwritable or busy --out (InputError) */
        result.reportDir = out;
        final Expectations expectations = loadExpectations();
        final Path jar = opts.jar != null ? opts.jar : ownJar();
        shard = Shard.of(opts);

        /* plan */
        final List<TestVerdict> runnable = new ArrayList<>();
        for (final String sid : opts.scenarios)
        {
            final Scenario s = Scenarios.byId(sid);
            for (final String dname : opts.designs)
            {
                final TestVerdict v = new TestVerdict(dname, sid, "jcstress", Adapters.testName(s, dname),
                    s.negativeControls().contains(dname));
                result.verdicts.add(v);
                /* not on jcstress, too many actors, or (quick mode) a negative control where it need not fail */
                final String skip = EnginePlan.notRun(opts.mode, opts.cpus, expectations, new Unit(dname, sid, Unit.JCSTRESS));
                if (skip != null)
                {
                    v.verdict = Verdict.SKIPPED;
                    v.reason = skip;
                }
                else
                {
                    runnable.add(v);
                }
            }
        }
        shard.select(result, runnable);
        console.info("iopt-stress campaign: " + opts.scenarios.size() + " scenarios x " + opts.designs.size() + " designs, mode "
            + opts.mode.id() + ", " + runnable.size() + " jcstress tests to run, " + (result.verdicts.size() - runnable.size())
            + " skipped");
        console.info("  report: " + out.toAbsolutePath());
        console.startLive(shard, result, runnable);

        /* run: one runner per engine, then the judge, then the runs beside them, then the report */
        final List<EngineRunner> engines = new ArrayList<>(List.of(new JcstressRunner(opts, console, shard, out, jar, runnable)));
        if (opts.modelCheck)
        {
            engines.add(new ModelCheckRunner(opts, console, shard, out, jar));
        }
        for (final EngineRunner e : engines)
        {
            e.run(result);
        }
        console.finishLive();
        shard.beforeJudge(result);
        result.exitCode = judge(result, expectations);

        final List<EngineRunner> beside = new ArrayList<>();
        if (opts.bench)
        {
            beside.add(new BenchRunner(opts, console, out));
        }
        final int exploreSeconds = exploreSeconds(opts);
        if (exploreSeconds > 0)
        {
            beside.add(new ExploreRunner(opts, console, out, jar, exploreSeconds));
        }
        for (final EngineRunner e : beside)
        {
            if (!Stop.requested())
            {
                e.run(result);
            }
        }

        final Instant finished = Instant.now();
        describeRun(result, started, finished, jar, expectations);
        new ReportWriter(result, opts).write(out);
        shard.write(out, result);
        console.summary(result, out, Duration.between(started, finished));
        claim.close();
        return result;
    }

    /**
     * Judges every verdict of both engines ({@link Judge}): the judged pairs into {@code result.judged}, each
     * mismatch into the problems; returns the exit code.
     */
    static int judge(final Result result, final Expectations expectations)
    {
        final Judge.Judged j = Judge.judge(result.verdicts, expectations);
        result.judged = j.pairs();
        result.problems.addAll(j.problems());
        return j.exitCode();
    }

    /** Seconds the campaign explores after its engines: {@code --explore-seconds}, else the mode's; 0 for a shard or a resume. */
    static int exploreSeconds(final Options opts)
    {
        final int seconds = opts.exploreSeconds >= 0 ? opts.exploreSeconds : opts.mode.exploreSeconds();
        return opts.shardCount == 1 && opts.resume == null ? seconds : 0;
    }

    /** The expectations file a campaign reads: {@code --expected}, else the repository's (which may be absent). */
    static Path expectationsFile(final Options opts)
    {
        return opts.expectations != null ? opts.expectations : opts.root.resolve("expected-verdicts.properties");
    }

    private Expectations loadExpectations() throws IOException
    {
        final Path file = expectationsFile(opts);
        if (!Files.exists(file))
        {
            if (opts.expectations != null)
            {
                throw new InputError(EXIT_USAGE, "--expected " + file + ": no such file");
            }
            return Expectations.none();
        }
        try
        {
            return Expectations.load(file).check(Designs.names(), Scenarios.ids());
        }
        catch (final IllegalArgumentException e)
        {
            throw new InputError(EXIT_USAGE, e.getMessage()); /* "<file>:<line>: what is wrong" */
        }
    }

    private static Path ownJar()
    {
        try
        {
            return Paths.get(Campaign.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final Exception e)
        {
            throw new IllegalStateException("cannot locate jcstress.jar: pass --jar", e);
        }
    }

    private void describeRun(final Result r, final Instant started, final Instant finished, final Path jar,
        final Expectations expectations)
    {
        final Map<String, String> run = r.run;
        run.put("started", started.toString());
        run.put("finished", finished.toString());
        run.put("durationSeconds", Long.toString(Duration.between(started, finished).toSeconds()));
        run.put("mode", opts.mode.id());
        run.put("command", opts.command != null ? opts.command : "iopt-stress campaign");
        run.put("commit", git("rev-parse", "HEAD"));
        run.put("dirty", Boolean.toString(!git("status", "--porcelain", "--untracked-files=no").isEmpty()));
        run.put("os", Machine.os());
        run.put("cpuModel", Machine.cpuModel());
        run.put("cpus", Integer.toString(Machine.cpus()));
        run.put("cpusUsed", Integer.toString(opts.cpus));
        run.put("memoryMiB", Long.toString(Machine.memoryMiB()));
        run.put("jdk", Machine.jdk());
        run.put("jcstress", "0.16");
        run.put("jar", jar.toString());
        run.put("expectations", expectations.source());
    }

    private String git(final String... args)
    {
        return Machine.git(opts.root, "unknown", args);
    }

}

package org.ioptstress.stress.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.jcstress.FirstFailure;
import org.ioptstress.stress.modelcheck.Budget;
import org.ioptstress.stress.modelcheck.ModelCheck;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.support.Machine;
import org.ioptstress.support.ProgressLine;

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
    private static final Pattern RESULTS_LINE =
        Pattern.compile("\\(Results: \\d+ planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");
    private static final Pattern PAIR_LINE = Pattern.compile("\\[\\s*\\d+/\\d+\\]\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");
    private static final Pattern FAILED_LINE = Pattern.compile("\\[(FAILED|ERROR|TIMEOUT|CRASH|API MISMATCH|ERR)\\]\\s+(\\S+)");

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
        public final List<TestVerdict> verdicts = new ArrayList<>();
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
    }

    private final Options opts;
    private final PrintWriter log;
    /** Tests whose fork the watchdog stopped, with their thread dumps. */
    private final Map<String, String> hungForks = new java.util.concurrent.ConcurrentHashMap<>();
    /** This run's units of the campaign (all of them unless sharded or resumed). */
    private Shard shard;
    /** The status line while the engines run (null when quiet or before and after). */
    private volatile ProgressLine live;
    private double jcstressUnitSeconds;
    private int jcstressDone;
    private int jcstressFailed;

    public Campaign(final Options opts)
    {
        this.opts = opts;
        this.log = new PrintWriter(System.out, true);
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
        final StringBuilder sb = new StringBuilder("Designs (the registry: real patches, candidate fixes, negative controls):\n");
        for (final org.ioptstress.iommufd.Design d : Designs.all())
        {
            sb.append(String.format(Locale.ROOT, "  %-28s %s%n", d.name(), d.summary()));
        }
        sb.append("Scenarios:\n");
        for (final Scenario s : Scenarios.all())
        {
            sb.append(String.format(Locale.ROOT, "  %-38s %d actors%s, controls: %s%n      %s%n", s.id(), s.actors(),
                s.liveness() ? " (liveness)" : "", String.join(", ", s.negativeControls()), s.race()));
        }
        return sb.toString();
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
                final String skip = EnginePlan.jcstressSkips(s, opts.cpus); /* not on jcstress, or too many actors */
                if (skip != null)
                {
                    v.verdict = TestVerdict.SKIPPED;
                    v.reason = skip;
                }
                else
                {
                    runnable.add(v);
                }
            }
        }
        shard.select(result, runnable);
        info("iopt-stress campaign: " + opts.scenarios.size() + " scenarios x " + opts.designs.size() + " designs, mode "
            + opts.mode.id() + ", " + runnable.size() + " jcstress tests to run, " + (result.verdicts.size() - runnable.size())
            + " skipped");
        info("  report: " + out.toAbsolutePath());
        startLive(result, runnable);

        /* run */
        final Path work = out.resolve("jcstress");
        if (!runnable.isEmpty())
        {
            final Path resultFile = runJcstress(jar, work, runnable, List.of(), result);
            if (resultFile == null)
            {
                result.problems.add("jcstress wrote no result file (see jcstress/console.log)");
                for (final TestVerdict v : runnable)
                {
                    v.verdict = TestVerdict.ERROR;
                    v.reason = "no jcstress result";
                }
            }
            else
            {
                final Map<String, TestResult> results = ResultReader.loadOrExplain(resultFile, Stop.requested());
                for (final TestVerdict v : runnable)
                {
                    final TestResult r = results.get(v.testName);
                    if (r == null)
                    {
                        v.verdict = TestVerdict.ERROR;
                        v.reason = "no result for " + v.testName + " in " + resultFile.getFileName();
                        continue;
                    }
                    ResultReader.grade(v, r);
                    v.jcstressPage = "jcstress/results/" + v.testName + ".html";
                    v.forks = 1;
                }
                collectFirstFailures(work, result);
                if (opts.firstFailureRuns > 1 && !Stop.requested())
                {
                    repeatFailed(jar, out.resolve("jcstress-repeat"), runnable, result);
                }
            }
        }
        ForkWatchdog.apply(hungForks, runnable, ForkWatchdog.stallMillis(opts.mode, opts.forkStallSeconds));
        shard.afterJcstress(result, runnable, work);
        if (opts.modelCheck && !Stop.requested())
        {
            runModelChecker(jar, out, result);
        }
        if (opts.modelCheck)
        {
            shard.afterModelChecker(result, out);
        }

        if (live != null)
        {
            live.finish();
            live = null;
        }
        shard.beforeJudge(result);
        result.exitCode = judge(result, expectations);

        if (opts.bench && !Stop.requested())
        {
            result.benchReport = runBench(out);
        }
        final int exploreSeconds = opts.exploreSeconds >= 0 ? opts.exploreSeconds : opts.mode.exploreSeconds();
        if (exploreSeconds > 0 && opts.shardCount == 1 && opts.resume == null && !Stop.requested())
        {
            result.exploreReport = runExplore(jar, out, exploreSeconds);
        }

        final Instant finished = Instant.now();
        describeRun(result, started, finished, jar, expectations);
        new ReportWriter(result, opts).write(out);
        shard.write(out, result);
        printSummary(result, out, Duration.between(started, finished));
        claim.close();
        return result;
    }

    /**
     * Judges every verdict of both engines against the recorded expectations and the negative controls, adding
     * each mismatch to the problems; returns the exit code.
     */
    static int judge(final Result result, final Expectations expectations)
    {
        boolean unexpected = false;
        boolean harness = false;
        for (final TestVerdict v : result.verdicts)
        {
            final Expectations.Entry e = expectations.of(v.design, v.scenario);
            v.expected = e.text();
            v.expectedNote = e.note();
            if (TestVerdict.NOT_RUN.equals(v.verdict))
            {
                /* nobody ran it (a shard missing from a merge, a stopped campaign): never OK */
                unexpected = true;
                v.asExpected = false;
                result.problems.add(v.design + " / " + v.scenario + ": jcstress not run (" + v.reason + ")");
                continue;
            }
            if (TestVerdict.ERROR.equals(v.verdict))
            {
                harness = true;
                v.asExpected = false;
                result.problems.add(v.design + " / " + v.scenario + ": " + v.reason);
                continue;
            }
            if (TestVerdict.SKIPPED.equals(v.verdict))
            {
                continue;
            }
            v.asExpected = e.allows(v.verdict);
            if (!v.asExpected)
            {
                unexpected = true;
                result.problems.add(v.design + " / " + v.scenario + ": " + v.verdict + ", expected " + e.text()
                    + " (" + expectations.source() + " " + e.key() + ")");
            }
            /*
             * an OK the expectations file records for this very pair is explained (jcstress rarely reaches the window,
             * the model checker's own entry says FAILED), as for the model checker below; a wildcard never explains it
             */
            if (v.negativeControl && TestVerdict.OK.equals(v.verdict)
                && !(e.allows(TestVerdict.OK) && e.key().equals(v.design + "/" + v.scenario)))
            {
                unexpected = true;
                result.problems.add(v.design + " / " + v.scenario + ": the negative control passed ("
                    + v.samples + " samples): the scenario did not show the failure it must show");
            }
        }
        for (final TestVerdict v : result.verdicts)
        {
            final ModelCheckVerdict mc = v.modelChecker;
            if (mc == null)
            {
                continue;
            }
            final Expectations.Entry e = expectations.ofModelChecker(v.design, v.scenario);
            v.modelCheckerExpected = e.text();
            v.modelCheckerNote = expectations.hasModelCheckerEntry(v.design, v.scenario) ? e.note()
                : e.verdicts().size() > 1 ? "rare under sampling, found or missed by either engine: " + e.note() : "";
            switch (mc.verdict())
            {
                case TestVerdict.NOT_RUN:
                    unexpected = true;
                    v.modelCheckerAsExpected = false;
                    result.problems.add(v.design + " / " + v.scenario + ": model checker not run (" + mc.reason() + ")");
                    break;
                case TestVerdict.ERROR:
                    harness = true;
                    v.modelCheckerAsExpected = false;
                    result.problems.add(v.design + " / " + v.scenario + ": model checker: " + mc.reason());
                    break;
                case TestVerdict.SKIPPED:
                    break;
                default:
                    v.modelCheckerAsExpected = e.allows(mc.verdict());
                    if (!v.modelCheckerAsExpected)
                    {
                        unexpected = true;
                        result.problems.add(v.design + " / " + v.scenario + ": model checker " + mc.verdict()
                            + (mc.failed() ? " " + mc.label() + " at interleaving " + mc.invocations() : " after " + mc.invocations()
                                + " interleavings") + ", expected " + e.text() + " (" + expectations.source() + " "
                            + e.key() + (v.enginesDisagree() ? "; jcstress says " + v.verdict
                                + ": explain the disagreement with a '" + Expectations.MODEL_CHECKER + ":' entry" : "") + ")");
                    }
                    /* an OK the expectations file records for this engine is explained (a budget too small for it) */
                    if (v.negativeControl && TestVerdict.OK.equals(mc.verdict())
                        && !(expectations.hasModelCheckerEntry(v.design, v.scenario) && e.allows(TestVerdict.OK)))
                    {
                        unexpected = true;
                        result.problems.add(v.design + " / " + v.scenario + ": the negative control passed the model checker ("
                            + mc.invocations() + " interleavings" + (mc.exhaustive() ? ", all of them" : "") + ")");
                    }
                    break;
            }
        }
        return harness ? EXIT_HARNESS : unexpected ? EXIT_UNEXPECTED : EXIT_OK;
    }

    private Expectations loadExpectations() throws IOException
    {
        final Path file = opts.expectations != null ? opts.expectations : opts.root.resolve("expected-verdicts.properties");
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

    /**
     * Runs jcstress on {@code tests} in {@code work}; returns its result file or null. The forks record their first
     * failure in {@code work/}{@value #FIRST_FAILURES}.
     */
    private Path runJcstress(final Path jar, final Path work, final List<TestVerdict> tests, final List<String> moreArgs,
        final Result result) throws IOException, InterruptedException
    {
        Files.createDirectories(work);
        try (Stream<Path> old = Files.list(work))
        {
            for (final Path p : (Iterable<Path>)old::iterator)
            {
                if (p.getFileName().toString().startsWith("jcstress-results-"))
                {
                    Files.delete(p);
                }
                else if (p.getFileName().toString().equals(FIRST_FAILURES))
                {
                    try (Stream<Path> records = Files.list(p))
                    {
                        for (final Path r : (Iterable<Path>)records::iterator)
                        {
                            Files.delete(r);
                        }
                    }
                }
            }
        }
        final String filter = tests.stream().map(v -> Pattern.quote(v.testName)).collect(Collectors.joining("|", "^(", ")$"));
        final List<String> jcs = new ArrayList<>(opts.mode.jcstressArgs("-D" + FirstFailure.PROPERTY + "=" + FIRST_FAILURES));
        jcs.addAll(List.of("-c", Integer.toString(opts.cpus), "-r", "results"));
        jcs.addAll(opts.extraJcstressArgs);
        jcs.addAll(moreArgs);
        if (moreArgs.isEmpty())
        {
            result.jcstressArgs = jcs;
        }
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", jar.toAbsolutePath().toString(), JcstressMain.class.getName(), work.resolve("jvm").toAbsolutePath().toString(),
            "-t", filter));
        cmd.addAll(jcs);
        info("  jcstress " + String.join(" ", jcs) + " -t <" + tests.size() + " tests>   (console: " + work.resolve("console.log") + ")");
        final Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        final ForkWatchdog dog = new ForkWatchdog(p, work, ForkWatchdog.stallMillis(opts.mode, opts.forkStallSeconds),
            this::info, hungForks);
        final long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter console = new PrintWriter(Files.newBufferedWriter(work.resolve("console.log")), true /* followable */))
        {
            String eta = "";
            String line;
            boolean summary = false;
            while ((line = in.readLine()) != null)
            {
                console.println(line);
                dog.progress();
                final String t = line.strip();
                summary |= t.startsWith("RUN RESULTS");
                if (summary)
                {
                    continue; /* jcstress's own summary repeats the failures: the report has them */
                }
                if (t.startsWith("(ETA:"))
                {
                    eta = t;
                }
                else if (t.startsWith("(Results:"))
                {
                    progress(String.format(Locale.ROOT, "  [%s] %s %s", elapsed(t0), t, eta));
                    if (moreArgs.isEmpty())
                    {
                        jcstressDone(t, tests.size());
                    }
                }
                else
                {
                    final Matcher m = FAILED_LINE.matcher(t);
                    if (m.find() && m.group(2).startsWith(Adapters.PACKAGE))
                    {
                        progress(String.format(Locale.ROOT, "  [%s] %s %s", elapsed(t0), m.group(1), shortName(m.group(2))));
                    }
                }
            }
        }
        final int rc = p.waitFor();
        dog.close();
        info("  jcstress finished in " + elapsed(t0) + " (exit " + rc + "; verdicts come from its result file)");
        try (Stream<Path> files = Files.list(work))
        {
            return files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                .findFirst().orElse(null);
        }
    }

    /** Attaches the first failures the forks recorded in {@code work} to the verdicts. */
    private static void collectFirstFailures(final Path work, final Result result) throws IOException
    {
        final Map<String, List<FirstFailure.Record>> records = FirstFailure.Record.readAll(work.resolve(FIRST_FAILURES));
        for (final TestVerdict v : result.verdicts)
        {
            v.firstFailures.addAll(records.getOrDefault(v.testName, List.of()));
        }
    }

    /**
     * {@code --first-failure-runs N}: the tests that FAILED run again in N-1 forks (verdicts stay the campaign's;
     * these forks only time the first failure).
     */
    private void repeatFailed(final Path jar, final Path work, final List<TestVerdict> runnable, final Result result)
        throws IOException, InterruptedException
    {
        final List<TestVerdict> failed = runnable.stream().filter(v -> TestVerdict.FAILED.equals(v.verdict)).collect(Collectors.toList());
        if (failed.isEmpty())
        {
            return;
        }
        final int forks = opts.firstFailureRuns - 1;
        info("  time to first failure: " + failed.size() + " FAILED tests again, " + forks + " more fork(s) each");
        final Path file = runJcstress(jar, work, failed, List.of("-f", Integer.toString(forks)), result);
        if (file == null)
        {
            result.problems.add("the first-failure repeat wrote no jcstress result file (see jcstress-repeat/console.log)");
            return;
        }
        final Map<String, Integer> counts = ResultReader.forkCounts(file);
        for (final TestVerdict v : failed)
        {
            v.forks += counts.getOrDefault(v.testName, 0);
        }
        collectFirstFailures(work, result);
    }

    /**
     * The second engine: {@link ModelCheck} in a subprocess ({@code --jobs} = the CPUs given to jcstress) over the
     * same pairs, into {@code out/model-check}; its verdicts and traces join the jcstress verdicts.
     */
    private void runModelChecker(final Path jar, final Path out, final Result result) throws IOException, InterruptedException
    {
        final Path dir = out.resolve("model-check");
        final Budget budget = opts.mode.modelCheckBudget();
        final List<String> args = new ArrayList<>(List.of("--designs", String.join(",", opts.designs),
            "--scenarios", String.join(",", opts.scenarios), "--repeat", Integer.toString(opts.firstFailureRuns),
            "--jobs", Integer.toString(Math.max(1, opts.cpus)), "--out", dir.toAbsolutePath().toString()));
        args.addAll(opts.modelCheckInvocations > 0 ? List.of("--invocations", Integer.toString(opts.modelCheckInvocations))
            : List.of("--budget", budget.id()));
        args.addAll(shard.modelCheckerArgs());
        if (opts.mode == Mode.QUICK)
        {
            args.addAll(List.of("--leave-to-jcstress", Integer.toString(opts.cpus))); /* EnginePlan.QUICK_RULE */
        }
        result.modelChecker.put("budget", opts.modelCheckInvocations > 0 ? "custom" : budget.id());
        result.modelChecker.put("invocationsPerPair", opts.modelCheckInvocations > 0 ? opts.modelCheckInvocations : budget.invocations());
        result.modelChecker.put("repeat", opts.firstFailureRuns);
        result.modelChecker.put("args", args);
        result.modelChecker.put("report", "model-check/model-check.json");
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ModelCheck.JVM_OPTIONS);
        cmd.addAll(List.of("-cp", jar.toAbsolutePath().toString(), ModelCheck.class.getName()));
        cmd.addAll(args);
        info("  model checker: " + ModelCheck.class.getSimpleName() + " " + String.join(" ", args));
        Files.createDirectories(dir);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter console = new PrintWriter(Files.newBufferedWriter(dir.resolve("console.log")), true /* followable */))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                console.println(line);
                if (line.contains("] ") && !line.contains("model-check:"))
                {
                    progress(String.format(Locale.ROOT, "  [%s] mc %s", elapsed(t0), line.replaceFirst("^job \\d+: ", "")));
                    pairDone(line);
                }
            }
        }
        final int rc = p.waitFor();
        info("  model checker finished in " + elapsed(t0) + " (exit " + rc + "; verdicts come from model-check.json, judged"
            + " against the expectations file)");
        if (!Files.exists(dir.resolve("model-check.json")))
        {
            result.problems.add("the model checker wrote no model-check.json (exit " + rc + ", see model-check/console.log)");
            for (final TestVerdict v : result.verdicts)
            {
                v.modelChecker = new ModelCheckVerdict(v.design, v.scenario, TestVerdict.ERROR, null, "no model-check result",
                    0, 0, false, 0, -1, -1, 0, null, null);
            }
            return;
        }
        for (final ModelCheckVerdict mc : ModelCheckVerdict.load(dir, out))
        {
            final TestVerdict v = result.get(mc.design(), mc.scenario());
            if (v != null)
            {
                v.modelChecker = mc;
            }
        }
    }

    private static String shortName(final String testName)
    {
        final String rest = testName.substring(Adapters.PACKAGE.length() + 1);
        final int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot) + " on " + rest.substring(dot + 1);
    }

    private static String elapsed(final long t0)
    {
        final long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private String runBench(final Path out) throws IOException, InterruptedException
    {
        final Path jar = opts.root.resolve("benchmarks/target/benchmarks.jar");
        final Path dir = out.resolve("bench");
        if (!Files.exists(jar))
        {
            return "not run: " + jar + " missing (./iopt-stress build)";
        }
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", jar.toString(), "org.ioptstress.bench.report.BenchCampaign"));
        if (opts.mode == Mode.SANITY || opts.mode == Mode.QUICK || opts.mode == Mode.POWER)
        {
            cmd.add("--quick");
        }
        cmd.addAll(List.of("--out", dir.toString()));
        info("  bench: " + String.join(" ", cmd));
        final int rc = new ProcessBuilder(cmd).directory(opts.root.toFile()).inheritIO().start().waitFor();
        if (rc != 0)
        {
            return "failed (exit " + rc + "), see bench/";
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(f -> f.getFileName().toString().matches("(?i).*\\.(html|md)"))
                .sorted().map(f -> out.relativize(f).toString()).findFirst().orElse("bench/");
        }
    }

    /**
     * A short exploration of generated uAPI programs on the campaign's designs (a JVM of its own, like the bench):
     * what no scenario asks, so a new design is explored with no extra work. Its findings are reported, not judged:
     * the known ones on real designs are findings by design (v8's leak, v7's refusal).
     */
    private String runExplore(final Path jar, final Path out, final int seconds) throws IOException, InterruptedException
    {
        final Path dir = out.resolve("explore");
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-OmitStackTraceInFastThrow", "-cp", jar.toString(), "org.ioptstress.stress.explore.ExploreCli",
            "--root", opts.root.toString(), "--designs", String.join(",", opts.designs), "--seed", "1",
            "--time", seconds + "s", "--out", dir.toString()));
        info("  explore: " + String.join(" ", cmd.subList(3, cmd.size())));
        final int rc = new ProcessBuilder(cmd).directory(opts.root.toFile()).inheritIO().start().waitFor();
        final String report = "explore/explore.md";
        switch (rc)
        {
            case 0: return report + " (no finding)";
            case 1: return report + " (findings: see it)";
            default: return "failed (exit " + rc + "), see " + (Files.exists(dir) ? "explore/" : "the console");
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

    private void printSummary(final Result r, final Path out, final Duration took)
    {
        info("");
        info(ReportWriter.textMatrix(r, opts));
        for (final String problem : r.problems)
        {
            info("  ! " + problem);
        }
        info(String.format(Locale.ROOT, "%d tests: %d OK, %d FAILED, %d skipped, %d errors; %d not as expected. Took %d:%02d.",
            r.verdicts.size(), count(r, TestVerdict.OK), count(r, TestVerdict.FAILED), count(r, TestVerdict.SKIPPED),
            count(r, TestVerdict.ERROR), r.verdicts.stream().filter(v -> !v.asExpected).count(),
            took.toMinutes(), took.toSecondsPart()));
        if (!r.modelChecker.isEmpty())
        {
            final List<TestVerdict> mc = r.verdicts.stream().filter(v -> v.modelChecker != null).collect(Collectors.toList());
            info(String.format(Locale.ROOT, "Model checker: %d OK, %d FAILED, %d skipped, %d errors. Found by both %d, jcstress only %d,"
                    + " model checker only %d; engines disagree on %d pairs (explained in the report).",
                mc.stream().filter(v -> v.modelChecker.verdict().equals(TestVerdict.OK)).count(),
                mc.stream().filter(v -> v.modelChecker.failed()).count(),
                mc.stream().filter(v -> v.modelChecker.verdict().equals(TestVerdict.SKIPPED)).count(),
                mc.stream().filter(v -> v.modelChecker.verdict().equals(TestVerdict.ERROR)).count(),
                mc.stream().filter(v -> v.foundBy().equals("both")).count(),
                mc.stream().filter(v -> v.foundBy().equals("jcstress")).count(),
                mc.stream().filter(v -> v.foundBy().equals("model checker")).count(),
                mc.stream().filter(TestVerdict::enginesDisagree).count()));
        }
        info("Report: " + out.resolve("report.md") + "  (also report.html, report.json; jcstress: "
            + out.resolve("jcstress/results/index.html") + ")");
        info("Exit " + r.exitCode + (r.exitCode == EXIT_OK ? ": every verdict as expected, every negative control failed"
            : r.exitCode == EXIT_UNEXPECTED ? ": verdicts differ from " + r.run.get("expectations") + " or a negative control passed"
            : ": harness error"));
    }

    private static long count(final Result r, final String verdict)
    {
        return r.verdicts.stream().filter(v -> v.verdict.equals(verdict)).count();
    }

    private void info(final String line)
    {
        if (opts.quiet)
        {
            return;
        }
        final ProgressLine l = live;
        if (l != null)
        {
            l.println(line);
        }
        else
        {
            log.println(line);
        }
    }

    /**
     * The live status line over this run's units (its jcstress tests, then its model-checker pairs), with the ETA
     * from the cost table (Costs: measured with --costs, else the estimates).
     */
    private void startLive(final Result result, final List<TestVerdict> runnable)
    {
        if (opts.quiet)
        {
            return;
        }
        final long budget = Shard.mcBudget(opts);
        double estimate = 0;
        for (final TestVerdict v : runnable)
        {
            estimate += shard.costs().cost(new Unit(v.design, v.scenario, Unit.JCSTRESS), opts.mode, budget);
        }
        jcstressUnitSeconds = runnable.isEmpty() ? 0 : estimate / runnable.size();
        int units = runnable.size();
        if (opts.modelCheck)
        {
            for (final TestVerdict v : result.verdicts)
            {
                final Unit u = new Unit(v.design, v.scenario, Unit.MODEL_CHECKER);
                if (shard.mine(u))
                {
                    units++;
                    estimate += shard.costs().cost(u, opts.mode, budget);
                }
            }
        }
        log.flush();
        live = new ProgressLine(System.out, ProgressLine.onTerminal(), "campaign", units, estimate);
    }

    /** jcstress's "(Results: N planned; P passed, F failed, S soft errs, H hard errs)": the tests done so far. */
    private void jcstressDone(final String line, final int tests)
    {
        final Matcher m = RESULTS_LINE.matcher(line);
        if (live == null || !m.find())
        {
            return;
        }
        final int done = Math.min(tests, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))
            + Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)));
        final int failed = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(4));
        live.done(done - jcstressDone, (done - jcstressDone) * jcstressUnitSeconds, failed - jcstressFailed);
        jcstressDone = done;
        jcstressFailed = failed;
    }

    /** The model checker's "[  n/N] scenario design VERDICT ...": one pair done. */
    private void pairDone(final String line)
    {
        final Matcher m = PAIR_LINE.matcher(line);
        if (live != null && m.find())
        {
            live.done(1, shard.costs().cost(new Unit(m.group(2), m.group(1), Unit.MODEL_CHECKER), opts.mode,
                Shard.mcBudget(opts)), TestVerdict.FAILED.equals(m.group(3)) ? 1 : 0);
        }
    }

    private void progress(final String line)
    {
        info(line);
    }
}

package org.ioptstress.stress.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.jcstress.FirstFailure;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * The first engine: jcstress in a subprocess (working directory {@code <out>/jcstress}) over this run's tests,
 * its result file read and graded by {@link ResultReader}, hung forks stopped by the {@link ForkWatchdog}, and with
 * {@code --first-failure-runs N} the FAILED tests again in N-1 forks to time their first failure.
 */
final class JcstressRunner implements EngineRunner
{
    private static final Pattern RESULTS_LINE =
        Pattern.compile("\\(Results: \\d+ planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");
    private static final Pattern FAILED_LINE = Pattern.compile("\\[(FAILED|ERROR|TIMEOUT|CRASH|API MISMATCH|ERR)\\]\\s+(\\S+)");

    /**
     * The forks' class archive (and its .dumping, .log), beside the launcher in jcstress's {@code jvm/}, which
     * shards' artifacts and merges leave out.
     */
    static final String FORK_CDS = "fork-classes.jsa";

    private final Campaign.Options opts;
    private final Console console;
    private final Shard shard;
    private final Path out;
    private final Path jar;
    private final List<TestVerdict> runnable;
    /** Tests whose fork the watchdog stopped, with their thread dumps. */
    private final Map<String, String> hungForks = new java.util.concurrent.ConcurrentHashMap<>();
    private int testsDone;
    private int testsFailed;

    JcstressRunner(final Campaign.Options opts, final Console console, final Shard shard, final Path out, final Path jar,
        final List<TestVerdict> runnable)
    {
        this.opts = opts;
        this.console = console;
        this.shard = shard;
        this.out = out;
        this.jar = jar;
        this.runnable = runnable;
    }

    @Override
    public String engine()
    {
        return Unit.JCSTRESS;
    }

    @Override
    public void run(final Campaign.Result result) throws IOException, InterruptedException
    {
        final Path work = out.resolve("jcstress");
        if (!runnable.isEmpty())
        {
            final Path resultFile = runJcstress(work, runnable, List.of(), result);
            if (resultFile == null)
            {
                result.problems.add("jcstress wrote no result file (see jcstress/console.log)");
                for (final TestVerdict v : runnable)
                {
                    v.verdict = Verdict.ERROR;
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
                        v.verdict = Verdict.ERROR;
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
                    repeatFailed(out.resolve("jcstress-repeat"), result);
                }
            }
        }
        ForkWatchdog.apply(hungForks, runnable, ForkWatchdog.stallMillis(opts.mode, opts.forkStallSeconds));
        shard.afterJcstress(result, runnable, work);
    }

    /**
     * Appends {@code extra} to {@code args} (option, value pairs), an option of {@code extra} replacing the same option
     * of {@code args} and its value: jcstress refuses an option given twice, so {@code campaign -- -strideCount 1}
     * overrides the mode's.
     */
    static void overridden(final List<String> args, final List<String> extra)
    {
        for (int i = 0; i + 1 < args.size();)
        {
            if (extra.contains(args.get(i)))
            {
                args.subList(i, i + 2).clear();
            }
            else
            {
                i += 2;
            }
        }
        args.addAll(extra);
    }

    /**
     * Runs jcstress on {@code tests} in {@code work}; returns its result file or null. The forks record their first
     * failure in {@code work/}{@value Campaign#FIRST_FAILURES}.
     */
    private Path runJcstress(final Path work, final List<TestVerdict> tests, final List<String> moreArgs,
        final Campaign.Result result) throws IOException, InterruptedException
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
                else if (p.getFileName().toString().equals(Campaign.FIRST_FAILURES))
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
        if (Files.isDirectory(work.resolve("jvm")))
        {
            try (Stream<Path> shim = Files.list(work.resolve("jvm")))
            {
                for (final Path p : (Iterable<Path>)shim::iterator)
                {
                    if (p.getFileName().toString().startsWith(FORK_CDS))
                    {
                        deleteTree(p); /* built once per jcstress run, from this run's jar */
                    }
                }
            }
        }
        final String filter = tests.stream().map(v -> Pattern.quote(v.testName)).collect(Collectors.joining("|", "^(", ")$"));
        final List<String> jcs = new ArrayList<>(opts.mode.jcstressArgs("-D" + FirstFailure.PROPERTY + "=" + Campaign.FIRST_FAILURES));
        jcs.addAll(List.of("-c", Integer.toString(opts.cpus), "-r", "results"));
        final List<String> extra = new ArrayList<>(opts.extraJcstressArgs);
        extra.addAll(moreArgs);
        overridden(jcs, extra);
        if (moreArgs.isEmpty())
        {
            result.jcstressArgs = jcs;
        }
        final List<String> cmd = command(opts.mode, jar, work, filter, jcs);
        console.info("  jcstress " + String.join(" ", jcs) + " -t <" + tests.size() + " tests>   (console: " + work.resolve("console.log") + ")");
        final Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        final ForkWatchdog dog = new ForkWatchdog(p, work, ForkWatchdog.stallMillis(opts.mode, opts.forkStallSeconds),
            console::info, hungForks);
        final long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter consoleLog = new PrintWriter(Files.newBufferedWriter(work.resolve("console.log")), true /* followable */))
        {
            String eta = "";
            String line;
            boolean summary = false;
            while ((line = in.readLine()) != null)
            {
                consoleLog.println(line);
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
                    console.info(String.format(Locale.ROOT, "  [%s] %s %s", Console.elapsed(t0), t, eta));
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
                        console.info(String.format(Locale.ROOT, "  [%s] %s %s", Console.elapsed(t0), m.group(1), shortName(m.group(2))));
                    }
                }
            }
        }
        final int rc = p.waitFor();
        dog.close();
        console.info("  jcstress finished in " + Console.elapsed(t0) + " (exit " + rc + "; verdicts come from its result file)");
        try (Stream<Path> files = Files.list(work))
        {
            return files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                .findFirst().orElse(null);
        }
    }

    /**
     * The jcstress command line: {@link JcstressMain} over {@code jcs}, with the forks' class archive in
     * {@code work/jvm/}{@value #FORK_CDS} when the mode has one.
     */
    static List<String> command(final Mode mode, final Path jar, final Path work, final String filter, final List<String> jcs)
    {
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        if (mode.forkClassArchive())
        {
            cmd.add("-D" + JcstressMain.FORK_CDS + "=" + work.resolve("jvm").resolve(FORK_CDS).toAbsolutePath());
        }
        cmd.addAll(List.of("-cp", jar.toAbsolutePath().toString(), JcstressMain.class.getName(),
            work.resolve("jvm").toAbsolutePath().toString(), "-t", filter));
        cmd.addAll(jcs);
        return cmd;
    }

    private static void deleteTree(final Path p) throws IOException
    {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            try (Stream<Path> children = Files.list(p))
            {
                for (final Path c : (Iterable<Path>)children::iterator)
                {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /** Attaches the first failures the forks recorded in {@code work} to the verdicts. */
    private static void collectFirstFailures(final Path work, final Campaign.Result result) throws IOException
    {
        final Map<String, List<FirstFailure.Record>> records = FirstFailure.Record.readAll(work.resolve(Campaign.FIRST_FAILURES));
        for (final TestVerdict v : result.verdicts)
        {
            v.firstFailures.addAll(records.getOrDefault(v.testName, List.of()));
        }
    }

    /**
     * {@code --first-failure-runs N}: the tests that FAILED run again in N-1 forks (verdicts stay the campaign's;
     * these forks only time the first failure).
     */
    private void repeatFailed(final Path work, final Campaign.Result result)
        throws IOException, InterruptedException
    {
        final List<TestVerdict> failed = runnable.stream().filter(v -> v.verdict == Verdict.FAILED).collect(Collectors.toList());
        if (failed.isEmpty())
        {
            return;
        }
        final int forks = opts.firstFailureRuns - 1;
        console.info("  time to first failure: " + failed.size() + " FAILED tests again, " + forks + " more fork(s) each");
        final Path file = runJcstress(work, failed, List.of("-f", Integer.toString(forks)), result);
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

    private static String shortName(final String testName)
    {
        final String rest = testName.substring(Adapters.PACKAGE.length() + 1);
        final int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot) + " on " + rest.substring(dot + 1);
    }

    /** jcstress's "(Results: N planned; P passed, F failed, S soft errs, H hard errs)": the tests done so far. */
    private void jcstressDone(final String line, final int tests)
    {
        final Matcher m = RESULTS_LINE.matcher(line);
        if (!m.find())
        {
            return;
        }
        final int done = Math.min(tests, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))
            + Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)));
        final int failed = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(4));
        console.jcstressDone(done - testsDone, failed - testsFailed);
        testsDone = done;
        testsFailed = failed;
    }
}

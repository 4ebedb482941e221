package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ioptstress.bench.CpuTimeProfiler;
import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Mode;
import org.ioptstress.bench.report.Catalog.Run;
import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.support.ProgressLine;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iopt-stress bench}: runs the benchmarks of the report (see {@link Catalog}), keeps JMH's JSON, and
 * writes the report (Markdown, HTML, PNG plots) under {@code --out}. One line of progress per benchmark and
 * parameter set on stdout; JMH's own output goes to {@code jmh/*.log}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.ioptstress.bench.report.BenchCampaign \
 *     [--mode quick|default|smoke | --quick] [--out DIR] [--designs a,b] [--only figure,figure] [--root DIR]
 *     [--command TEXT] [--render-only]
 * </pre>
 *
 * Exit codes: 0 every benchmark ran and the report is written; 1 the report is written but some benchmarks
 * failed (listed in it); 2 bad arguments; 3 the report could not be written.
 */
public final class BenchCampaign
{
    static final int OK = 0;
    static final int BENCHMARKS_FAILED = 1;
    static final int USAGE = 2;
    static final int ERROR = 3;

    private BenchCampaign()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** One JMH invocation: a benchmark with its designs and sweep. */
    record Planned(Figure figure, Run run, List<String> designs, List<String> sweep)
    {
        String benchmark()
        {
            return figure.benchmark(run.method());
        }

        String id()
        {
            return figure.id() + "-" + run.method();
        }

        int combinations()
        {
            return Math.max(1, designs.size()) * Math.max(1, sweep.size());
        }
    }

    /** The parsed command line (picocli). */
    @Command(name = "bench", usageHelpWidth = 120, sortOptions = false,
        description = "The JMH campaign: every figure's benchmarks on the designs they apply to, then the report.",
        footer = "Exit: 0 report written, 1 a benchmark failed, 2 usage or a corrupt results file, 3 harness error.")
    static final class Options
    {
        Mode mode = Mode.DEFAULT;
        @Option(names = "--root", paramLabel = "DIR",
            description = "repository root, for the commit (default: the one holding this jar, else .)")
        Path root;
        @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: ROOT/benchmarks/target/bench-report)")
        Path out;
        List<String> designs;
        Set<String> only;
        @Option(names = "--render-only", description = "re-render the report from OUT/jmh-results.json and OUT/run-info.properties")
        boolean renderOnly;
        @Option(names = "--compare", paramLabel = "DIR",
            description = "compare the headline ratios with another run's (DIR/jmh-results.json, or a JMH JSON file)")
        Path compare;
        List<String> sweep;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;
        @Option(names = "--command", paramLabel = "TEXT",
            description = "the command as the user typed it, for the report (e.g. ./iopt-stress bench --quick)")
        String command = "";

        @Option(names = "--mode", paramLabel = "M", completionCandidates = Modes.class, description = {
            "default: settings as annotated (5 forks of 4x500 ms warmup, 5x300 ms measurement), each fork its own JMH run,",
            "the designs of a figure interleaved fork by fork, about an hour on 2 CPUs;",
            "quick: 1 fork, 3x200 ms warmup, 5x200 ms measurement, ~5 min; smoke: in-process, one 50 ms iteration per"
                + " benchmark, checks the pipeline only"})
        void mode(final String m)
        {
            mode = Mode.parse(m);
        }

        @Option(names = "--quick", description = "the same as --mode quick")
        void quick(final boolean on)
        {
            mode = Mode.QUICK;
        }

        @Option(names = "--designs", paramLabel = "a,b", description = {"only these designs (names from"
            + " org.ioptstress.design.Designs); each figure keeps those it applies to", "(benchmark 1 needs an internal"
            + " access, so never baseline)"})
        void designs(final String csv)
        {
            designs = BenchCampaign.designs(csv);
        }

        @Option(names = "--sweep", paramLabel = "x,y",
            description = "only these values of each figure's swept parameter (e.g. --sweep 0,256 for the headline)")
        void sweep(final String csv)
        {
            sweep = BenchCampaign.sweep(csv);
        }

        @Option(names = "--only", paramLabel = "ids",
            description = "only these figures: refused-unmap, common-unmap, notify-unmap, pin-unpin, contended")
        void only(final String csv)
        {
            only = figures(csv);
        }

        Path root()
        {
            return root != null ? root : defaultRoot();
        }

        Path out()
        {
            return out != null ? out : root().resolve("benchmarks").resolve("target").resolve("bench-report");
        }
    }

    /** {@code --mode}'s completion candidates. */
    static final class Modes extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        Modes()
        {
            super(List.of("quick", "default", "smoke"));
        }
    }

    /** Bad input: an IllegalArgumentException of one line (an option's own message rather than picocli's wrapper). */
    static Options parse(final String[] args)
    {
        final Options o = new Options();
        try
        {
            new CommandLine(o).parseArgs(args);
        }
        catch (final CommandLine.ParameterException e)
        {
            throw new IllegalArgumentException(e.getCause() instanceof IllegalArgumentException ? e.getCause().getMessage()
                : e.getMessage(), e);
        }
        return o;
    }

    /** The repository holding the jar (ROOT/benchmarks/target/benchmarks.jar), else the working directory. */
    static Path defaultRoot()
    {
        try
        {
            final Path jar = Path.of(BenchCampaign.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path target = jar.getParent();
            if (target != null && "target".equals(String.valueOf(target.getFileName())) && target.getParent() != null
                && "benchmarks".equals(String.valueOf(target.getParent().getFileName()))
                && target.getParent().getParent() != null)
            {
                return target.getParent().getParent();
            }
        }
        catch (final java.net.URISyntaxException | RuntimeException ex)
        {
            /* fall back to the working directory */
        }
        return Path.of(".");
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Options o;
        try
        {
            o = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("bench: " + ex.getMessage() + " (bench --help lists the options)");
            return USAGE;
        }
        if (o.help)
        {
            new CommandLine(o).usage(out);
            return OK;
        }
        final Path outDir = o.out();
        try
        {
            Files.createDirectories(outDir);
            if (o.renderOnly)
            {
                return render(outDir, RunInfo.load(outDir), o.compare, out, err, OK);
            }
            final List<Planned> plan = plan(o.mode, o.designs, o.only, o.sweep);
            if (plan.isEmpty())
            {
                err.println("bench: nothing to run: no benchmark applies to --designs " + o.designs
                    + (o.sweep == null ? "" : " at --sweep " + String.join(",", o.sweep)));
                return USAGE;
            }
            final RunInfo info = RunInfo.capture(o.root().toAbsolutePath().normalize(), o.mode.lower(),
                String.join(" ", args));
            if (!o.command.isEmpty())
            {
                info.put("launcher", o.command);
            }
            final int failed = execute(plan, o.mode, outDir, info, out);
            info.finish();
            info.store(outDir);
            return render(outDir, info, o.compare, out, err, failed == 0 ? OK : BENCHMARKS_FAILED);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("bench: " + ex);
            ex.printStackTrace(err);
            return ERROR;
        }
    }

    static List<String> designs(final String csv)
    {
        final List<String> names = new ArrayList<>();
        for (final String name : csv.split(","))
        {
            if (!name.isBlank())
            {
                Designs.byName(name.trim()); /* IllegalArgumentException listing the known names */
                names.add(name.trim());
            }
        }
        if (names.isEmpty())
        {
            throw new IllegalArgumentException("--designs is empty");
        }
        return names;
    }

    private static List<String> sweep(final String csv)
    {
        final List<String> xs = new ArrayList<>();
        for (final String x : csv.split(","))
        {
            if (!x.isBlank())
            {
                try
                {
                    xs.add(String.valueOf(Integer.parseInt(x.trim())));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("--sweep takes numbers, not '" + x.trim() + "'");
                }
            }
        }
        if (xs.isEmpty())
        {
            throw new IllegalArgumentException("--sweep is empty");
        }
        return xs;
    }

    private static Set<String> figures(final String csv)
    {
        final Set<String> ids = new LinkedHashSet<>();
        for (final String id : csv.split(","))
        {
            if (Catalog.FIGURES.stream().noneMatch(f -> f.id().equals(id.trim())))
            {
                throw new IllegalArgumentException("unknown figure '" + id + "'; known: "
                    + String.join(", ", Catalog.FIGURES.stream().map(Figure::id).toList()));
            }
            ids.add(id.trim());
        }
        return ids;
    }

    static List<Planned> plan(final Mode mode, final List<String> designs, final Set<String> only)
    {
        return plan(mode, designs, only, null);
    }

    /**
     * The JMH runs: each figure's benchmarks with the designs they apply to and the mode's sweep (only the values
     * in {@code sweep}, when given; a run left with none is dropped).
     */
    static List<Planned> plan(final Mode mode, final List<String> designs, final Set<String> only,
        final List<String> sweep)
    {
        final List<Planned> plan = new ArrayList<>();
        for (final Figure f : Catalog.FIGURES)
        {
            if (only != null && !only.contains(f.id()))
            {
                continue;
            }
            for (final Run run : f.runs())
            {
                List<String> ds = run.designs();
                if (!ds.isEmpty() && designs != null)
                {
                    final boolean needsInternal = run.on() == Catalog.DesignSet.WITH_INTERNAL_ACCESS;
                    ds = new ArrayList<>();
                    for (final String d : designs)
                    {
                        final Design design = Designs.byName(d);
                        if (!needsInternal || design.hasInternalAccess())
                        {
                            ds.add(d);
                        }
                    }
                    if (ds.isEmpty())
                    {
                        continue;
                    }
                }
                List<String> xs = run.sweepParam() == null ? List.of() : run.sweep(mode);
                if (sweep != null && !xs.isEmpty())
                {
                    xs = xs.stream().filter(sweep::contains).toList();
                    if (xs.isEmpty())
                    {
                        continue;
                    }
                }
                plan.add(new Planned(f, run, ds, xs));
            }
        }
        /* a figure without its measured benchmark (all its designs filtered out) keeps no floor either */
        plan.removeIf(p -> p.run().method().startsWith("floor")
            && plan.stream().noneMatch(q -> q.figure() == p.figure() && !q.run().method().startsWith("floor")));
        return plan;
    }

    private static int execute(final List<Planned> plan, final Mode mode, final Path outDir, final RunInfo info,
        final PrintStream out) throws IOException
    {
        final Path jmhDir = outDir.resolve("jmh");
        Files.createDirectories(jmhDir);
        final int sets = plan.stream().mapToInt(Planned::combinations).sum();
        final int total = plan.stream().mapToInt(p -> p.combinations() * forkRuns(p, mode)).sum();
        final Progress progress = new Progress(total, out, sets * secondsPerBenchmark(mode) / Math.max(1, total));
        out.printf(Locale.ROOT, "iopt-stress bench: mode %s, %d benchmarks%s, about %d min; JMH output in %s%n",
            mode.lower(), sets, mode == Mode.DEFAULT ? " in " + total + " forks, designs interleaved fork by fork"
                : " in " + plan.size() + " JMH runs", Math.round(sets * secondsPerBenchmark(mode) / 60.0), jmhDir);
        final double load = oneMinuteLoad(info.get("loadStart"));
        final int cpus = Runtime.getRuntime().availableProcessors();
        if (load > 0.5 * cpus)
        {
            out.printf(Locale.ROOT, "iopt-stress bench: WARNING: the machine is busy (load average %.2f on %d CPUs); "
                + "scores will be noisy and errors wide. The report records the load.%n", load, cpus);
        }
        final List<Path> jsons = new ArrayList<>();
        int failed = 0;
        for (final Planned p : plan)
        {
            final Path json = jmhDir.resolve(p.id() + ".json");
            final Path log = jmhDir.resolve(p.id() + ".log");
            Files.deleteIfExists(json);
            jsons.add(json);
            final List<String> cmd = new ArrayList<>(List.of("java", "-jar", "benchmarks/target/benchmarks.jar",
                "'^" + p.benchmark().replace(".", "\\.") + "$'"));
            if (!p.designs().isEmpty())
            {
                cmd.add("-p design=" + String.join(",", p.designs()));
            }
            if (!p.sweep().isEmpty())
            {
                cmd.add("-p " + p.run().sweepParam() + "=" + String.join(",", p.sweep()));
            }
            switch (mode)
            {
                case QUICK:
                    cmd.add("-f 1 -wi 3 -w 200ms -i 5 -r 200ms");
                    break;
                case SMOKE:
                    cmd.add("-f 0 -wi 0 -i 1 -r 50ms");
                    break;
                default:
                    break; /* the class annotations */
            }
            cmd.add("-prof gc -prof " + CpuTimeProfiler.class.getName() + " -rf json -rff " + p.id() + ".json");
            info.add("jmh", String.join(" ", cmd));
            final int before = progress.done;
            final int failuresBefore = progress.failures;
            final int expected = p.combinations() * forkRuns(p, mode);
            final List<RunResult> results = new ArrayList<>();
            try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8))
            {
                final OutputFormat jmhOut = OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL);
                for (final ChainedOptionsBuilder ob : jmhRuns(p, mode))
                {
                    try
                    {
                        results.addAll(new Runner(ob.build(), progress.wrap(jmhOut, log)).run());
                    }
                    catch (final RunnerException ex)
                    {
                        final String why = describe(ex);
                        info.add("failure", "`" + p.benchmark().substring(Catalog.PACKAGE.length()) + "`: JMH failed: "
                            + why + " (see `jmh/" + log.getFileName() + "`)");
                        progress.line.println("  JMH failed for " + p.benchmark() + ": " + why + " (see " + log + ")");
                        break;
                    }
                }
            }
            /* every fork's result in the order it ran: JmhResults merges them, fork k of each design paired */
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
            final int missing = expected - results.size();
            if (missing > 0)
            {
                failed += (missing + forkRuns(p, mode) - 1) / forkRuns(p, mode);
                info.add("failure", "`" + p.benchmark().substring(Catalog.PACKAGE.length()) + "`: " + missing + " of "
                    + expected + (mode == Mode.DEFAULT ? " forks" : " parameter sets") + " produced no result (see `jmh/"
                    + log.getFileName() + "`)");
            }
            /* keep the count right when a run ends early */
            progress.line.done(before + expected - progress.done, 0,
                Math.max(0, missing - (progress.failures - failuresBefore)));
            progress.done = before + expected;
        }
        progress.line.finish();
        JmhResults.merge(jsons, outDir.resolve(ReportBuilder.JSON));
        out.printf(Locale.ROOT, "iopt-stress bench: %d benchmarks in %s%s%n", sets, progress.elapsed(),
            failed == 0 ? "" : ", " + failed + " FAILED");
        return failed;
    }

    /** JMH runs per parameter set: the class's forks in default mode (one JMH run each), else one. */
    static int forkRuns(final Planned p, final Mode mode)
    {
        return mode == Mode.DEFAULT ? forks(p.figure()) : 1;
    }

    /** The @Fork count annotated on a figure's class. */
    static int forks(final Figure f)
    {
        try
        {
            final Fork fork = Class.forName(Catalog.PACKAGE + f.benchClass()).getAnnotation(Fork.class);
            return fork == null || fork.value() < 1 ? 1 : fork.value();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("no benchmark class " + f.benchClass(), ex);
        }
    }

    /**
     * The JMH runs of one planned benchmark, in order. Quick and smoke: one run of every parameter set. Default:
     * for each sweep value, the class's forks one JMH run at a time, every design once per fork, in alternating
     * order (a b c, c b a, a b c, ...): the forks of two designs that are compared run next to each other, so a
     * build starting on the machine halfway through loads both sides of a pair, and the designs take turns
     * going first.
     */
    static List<ChainedOptionsBuilder> jmhRuns(final Planned p, final Mode mode)
    {
        final List<ChainedOptionsBuilder> runs = new ArrayList<>();
        if (mode != Mode.DEFAULT)
        {
            final ChainedOptionsBuilder ob = options(p);
            if (!p.designs().isEmpty())
            {
                ob.param("design", p.designs().toArray(new String[0]));
            }
            if (!p.sweep().isEmpty())
            {
                ob.param(p.run().sweepParam(), p.sweep().toArray(new String[0]));
            }
            if (mode == Mode.QUICK)
            {
                ob.forks(1).warmupIterations(3).warmupTime(TimeValue.milliseconds(200)).measurementIterations(5)
                    .measurementTime(TimeValue.milliseconds(200));
            }
            else
            {
                ob.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(50));
            }
            runs.add(ob);
            return runs;
        }
        final List<String> xs = p.sweep().isEmpty() ? java.util.Collections.singletonList(null) : p.sweep();
        final List<String> ds = p.designs().isEmpty() ? java.util.Collections.singletonList(null) : p.designs();
        final int forks = forks(p.figure());
        for (final String x : xs)
        {
            for (int k = 0; k < forks; k++)
            {
                final List<String> order = new ArrayList<>(ds);
                if (k % 2 == 1)
                {
                    java.util.Collections.reverse(order);
                }
                for (final String d : order)
                {
                    final ChainedOptionsBuilder ob = options(p).forks(1);
                    if (d != null)
                    {
                        ob.param("design", d);
                    }
                    if (x != null)
                    {
                        ob.param(p.run().sweepParam(), x);
                    }
                    runs.add(ob);
                }
            }
        }
        return runs;
    }

    private static ChainedOptionsBuilder options(final Planned p)
    {
        return new OptionsBuilder()
            .include("^" + p.benchmark().replace(".", "\\.") + "$")
            .addProfiler(GCProfiler.class)
            .addProfiler(CpuTimeProfiler.class)
            .shouldFailOnError(false);
    }

    private static double oneMinuteLoad(final String loadAverages)
    {
        try
        {
            return Double.parseDouble(loadAverages.split(" ")[0]);
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    /** The innermost message of a chain, e.g. JMH's "No matching benchmarks". */
    private static String describe(final Throwable ex)
    {
        Throwable t = ex;
        String message = ex.toString();
        while (t != null)
        {
            if (t.getMessage() != null)
            {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        return message.lines().findFirst().orElse(message);
    }

    private static int render(final Path outDir, final RunInfo info, final Path compare, final PrintStream out,
        final PrintStream err, final int status) throws IOException
    {
        final Path json = outDir.resolve(ReportBuilder.JSON);
        if (!Files.exists(json))
        {
            err.println("bench: no results in " + json);
            return ERROR;
        }
        final List<JmhResults.Result> results;
        try
        {
            results = JmhResults.read(json);
        }
        catch (final JmhResults.Corrupt ex)
        {
            err.println("bench: " + ex.getMessage());
            return USAGE;
        }
        List<JmhResults.Result> other = null;
        if (compare != null)
        {
            final Path otherJson = Files.isDirectory(compare) ? compare.resolve(ReportBuilder.JSON) : compare;
            if (!Files.exists(otherJson))
            {
                err.println("bench: --compare: no results in " + otherJson);
                return USAGE;
            }
            try
            {
                other = JmhResults.read(otherJson);
            }
            catch (final JmhResults.Corrupt ex)
            {
                err.println("bench: --compare: " + ex.getMessage());
                return USAGE;
            }
        }
        final List<String> headline = ReportBuilder.write(results, info, outDir, other,
            compare == null ? null : "`" + compare + "`");
        out.println();
        headline.forEach(h -> out.println("  " + h.replace("**", "")));
        out.println();
        out.println("report: " + outDir.resolve(ReportBuilder.MARKDOWN));
        out.println("        " + outDir.resolve(ReportBuilder.HTML));
        out.println("JSON:   " + json);
        if (status == BENCHMARKS_FAILED)
        {
            err.println("bench: some benchmarks failed; see 'Failed or missing runs' in the report");
        }
        return status;
    }

    static double secondsPerBenchmark(final Mode mode)
    {
        switch (mode)
        {
            case QUICK:
                return 2.8;
            case SMOKE:
                return 0.3;
            default:
                return 28; /* 5 forks of 3.5 s each plus JVM start-up: 30 s at load 14-20 on 2 CPUs */
        }
    }

    /** One line per benchmark and parameter set: position, name, parameters, score, ETA. */
    static final class Progress
    {
        final int total;
        final PrintStream out;
        final long start = System.nanoTime();
        final double secondsEach;
        /** units done, elapsed, ETA from {@link #secondsPerBenchmark}, failures: live on a terminal, else plain lines */
        final ProgressLine line;
        int done;
        /** Benchmarks that ended without a result. */
        int failures;
        /** The benchmark running: its number, name and parameters, printed with its score when it ends. */
        String current = "";

        Progress(final int total, final PrintStream out, final double secondsEach)
        {
            this.total = total;
            this.out = out;
            this.secondsEach = secondsEach;
            this.line = new ProgressLine(out, ProgressLine.onTerminal(), "bench", total, total * secondsEach);
        }

        String elapsed()
        {
            final long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }

        OutputFormat wrap(final OutputFormat jmh, final Path log)
        {
            return new ProgressFormat(jmh, this, log);
        }
    }

    /** JMH's output goes to the log; the start and end of each benchmark also go to the console. */
    private static final class ProgressFormat implements OutputFormat
    {
        private final OutputFormat jmh;
        private final Progress progress;
        private final Path log;

        ProgressFormat(final OutputFormat jmh, final Progress progress, final Path log)
        {
            this.jmh = jmh;
            this.progress = progress;
            this.log = log;
        }

        @Override
        public void startBenchmark(final BenchmarkParams params)
        {
            jmh.startBenchmark(params);
            final StringBuilder sb = new StringBuilder();
            final String name = params.getBenchmark();
            sb.append(String.format(Locale.ROOT, "[%3d/%d] %s", progress.done + 1, progress.total,
                name.startsWith(Catalog.PACKAGE) ? name.substring(Catalog.PACKAGE.length()) : name));
            for (final String key : params.getParamsKeys())
            {
                if (!"kernel".equals(key) || !"production".equals(params.getParam(key)))
                {
                    sb.append(' ').append(key).append('=').append(params.getParam(key));
                }
            }
            progress.current = sb.toString();
        }

        @Override
        public void endBenchmark(final BenchmarkResult result)
        {
            jmh.endBenchmark(result);
            progress.done++;
            if (result == null || result.getPrimaryResult() == null)
            {
                progress.line.println(progress.current + "  FAILED (see " + log + ")");
                progress.failures++;
                progress.line.done(1, progress.secondsEach, 1);
                return;
            }
            final var r = result.getPrimaryResult();
            final double err = r.getScoreError();
            progress.line.println(String.format(Locale.ROOT, "%s  %s%s %s", progress.current, Cells.num(r.getScore()),
                Double.isNaN(err) ? "" : " ± " + Cells.num(err), r.getScoreUnit()));
            progress.line.done(1, progress.secondsEach, 0);
        }

        @Override
        public void iteration(final BenchmarkParams benchParams, final IterationParams params, final int iteration)
        {
            jmh.iteration(benchParams, params, iteration);
        }

        @Override
        public void iterationResult(final BenchmarkParams benchParams, final IterationParams params,
            final int iteration, final IterationResult data)
        {
            jmh.iterationResult(benchParams, params, iteration, data);
        }

        @Override
        public void startRun()
        {
            jmh.startRun();
        }

        @Override
        public void endRun(final Collection<RunResult> result)
        {
            jmh.endRun(result);
        }

        @Override
        public void print(final String s)
        {
            jmh.print(s);
        }

        @Override
        public void println(final String s)
        {
            jmh.println(s);
        }

        @Override
        public void flush()
        {
            jmh.flush();
        }

        @Override
        public void close()
        {
            jmh.close();
        }

        @Override
        public void verbosePrintln(final String s)
        {
            jmh.verbosePrintln(s);
        }

        @Override
        public void write(final int b)
        {
            jmh.write(b);
        }

        @Override
        public void write(final byte[] b) throws IOException
        {
            jmh.write(b);
        }
    }

    /** For tests: discards what it is given. */
    static PrintStream nullStream()
    {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}

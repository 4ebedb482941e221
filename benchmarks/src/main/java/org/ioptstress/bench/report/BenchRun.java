package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ioptstress.bench.CpuTimeProfiler;
import org.ioptstress.bench.report.Catalog.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs a plan through JMH, one JMH run at a time, its output to {@code jmh/*.log}, its results to {@code jmh/*.json}. */
final class BenchRun
{
    private BenchRun()
    {
    }

    /** Runs {@code plan}; returns how many benchmarks produced no result. */
    static int execute(final List<BenchPlan.Planned> plan, final Mode mode, final Path outDir, final RunInfo info,
        final PrintStream out) throws IOException
    {
        final Path jmhDir = outDir.resolve("jmh");
        Files.createDirectories(jmhDir);
        final int sets = plan.stream().mapToInt(BenchPlan.Planned::combinations).sum();
        final int total = plan.stream().mapToInt(p -> BenchPlan.units(p, mode)).sum();
        final double seconds = BenchPlan.seconds(plan, mode);
        final BenchProgress progress = new BenchProgress(total, out, seconds / Math.max(1, total));
        out.printf(Locale.ROOT, "iopt-stress bench: mode %s, %d benchmarks%s, about %d min idle; JMH output in %s%n",
            mode.lower(), sets, mode == Mode.DEFAULT ? " in " + total + " forks, designs interleaved fork by fork"
                : " in " + plan.size() + " JMH runs", Math.round(seconds / 60.0), jmhDir);
        final double load = oneMinuteLoad(info.get("loadStart"));
        final int cpus = Runtime.getRuntime().availableProcessors();
        if (load > 0.5 * cpus)
        {
            out.printf(Locale.ROOT, "iopt-stress bench: WARNING: the machine is busy (load average %.2f on %d CPUs); "
                + "scores will be noisy and errors wide. The report records the load.%n", load, cpus);
        }
        final List<Path> jsons = new ArrayList<>();
        int failed = 0;
        for (final BenchPlan.Planned p : plan)
        {
            final Path json = jmhDir.resolve(p.id() + ".json");
            final Path log = jmhDir.resolve(p.id() + ".log");
            Files.deleteIfExists(json);
            jsons.add(json);
            for (final String command : commands(p, mode))
            {
                info.add("jmh", command);
            }
            final int before = progress.done;
            final int failuresBefore = progress.failures;
            final int expected = BenchPlan.units(p, mode);
            final List<RunResult> results = new ArrayList<>();
            try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8))
            {
                final OutputFormat jmhOut = OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL);
                for (final ChainedOptionsBuilder ob : BenchPlan.jmhRuns(p, mode))
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
                /* parameter sets without a result, counting a set's forks as one (rounded up) */
                failed += (missing * p.combinations() + expected - 1) / expected;
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

    /**
     * A planned benchmark as plain JMH command lines: one, or in default mode one per fork count where the catalog
     * runs more forks at some sweep values (plain JMH does not interleave the designs fork by fork as the campaign
     * does).
     */
    static List<String> commands(final BenchPlan.Planned p, final Mode mode)
    {
        final Map<Integer, List<String>> byForks = new LinkedHashMap<>();
        if (mode == Mode.DEFAULT && !p.sweep().isEmpty())
        {
            for (final String x : p.sweep())
            {
                byForks.computeIfAbsent(BenchPlan.forks(p, x), k -> new ArrayList<>()).add(x);
            }
        }
        else
        {
            byForks.put(BenchPlan.forks(p, null), p.sweep()); /* the class's: the mode's options or the annotation */
        }
        final int annotated = BenchPlan.forks(p.figure());
        final List<String> commands = new ArrayList<>();
        for (final Map.Entry<Integer, List<String>> e : byForks.entrySet())
        {
            final List<String> cmd = new ArrayList<>(List.of("java", "-jar", "benchmarks/target/benchmarks.jar",
                "'^" + p.benchmark().replace(".", "\\.") + "$'"));
            if (!p.designs().isEmpty())
            {
                cmd.add("-p design=" + String.join(",", p.designs()));
            }
            if (!e.getValue().isEmpty())
            {
                cmd.add("-p " + p.run().sweepParam() + "=" + String.join(",", e.getValue()));
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
                    if (e.getKey() != annotated)
                    {
                        cmd.add("-f " + e.getKey()); /* else the class annotations */
                    }
                    break;
            }
            cmd.add("-prof gc -prof " + CpuTimeProfiler.class.getName() + " -rf json -rff " + p.id()
                + (byForks.size() > 1 ? "-" + e.getKey() + "f" : "") + ".json");
            commands.add(String.join(" ", cmd));
        }
        return commands;
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
}

package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.ioptstress.support.ProgressLine;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/** One line per benchmark and parameter set: position, name, parameters, score, ETA. */
final class BenchProgress
{
    final int total;
    final PrintStream out;
    final long start = System.nanoTime();
    final double secondsEach;
    /** units done, elapsed, ETA from {@link BenchPlan#seconds(BenchPlan.Planned, Catalog.Mode)}, failures: live on a terminal, else plain lines */
    final ProgressLine line;
    int done;
    /** Benchmarks that ended without a result. */
    int failures;
    /** The benchmark running: its number, name and parameters, printed with its score when it ends. */
    String current = "";

    BenchProgress(final int total, final PrintStream out, final double secondsEach)
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

    /** JMH's output goes to the log; the start and end of each benchmark also go to the console. */
    private static final class ProgressFormat implements OutputFormat
    {
        private final OutputFormat jmh;
        private final BenchProgress progress;
        private final Path log;

        ProgressFormat(final OutputFormat jmh, final BenchProgress progress, final Path log)
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
}

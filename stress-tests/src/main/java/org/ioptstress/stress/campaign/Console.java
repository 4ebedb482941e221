package org.ioptstress.stress.campaign;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.ioptstress.support.ProgressLine;

/**
 * What a campaign prints while it runs: plain lines, and the one live status line over this run's units (its
 * jcstress tests, then its model-checker pairs) with the ETA from the cost table ({@link Costs}: measured with
 * --costs, else the estimates). Quiet prints nothing.
 */
final class Console
{
    private final Campaign.Options opts;
    private final PrintWriter log = new PrintWriter(System.out, true);
    /** The status line while the engines run (null when quiet or before and after). */
    private volatile ProgressLine live;
    private double jcstressUnitSeconds;

    Console(final Campaign.Options opts)
    {
        this.opts = opts;
    }

    void info(final String line)
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

    /** Starts the status line over {@code runnable} jcstress tests and the shard's model-checker pairs. */
    void startLive(final Shard shard, final Campaign.Result result, final List<TestVerdict> runnable)
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
            final List<Unit> mine = new ArrayList<>();
            for (final TestVerdict v : result.verdicts)
            {
                final Unit u = new Unit(v.design, v.scenario, Unit.MODEL_CHECKER);
                if (shard.mine(u))
                {
                    mine.add(u);
                }
            }
            units += mine.size();
            estimate += modelCheckerSeconds(shard.costs(), opts.mode, budget, mine);
        }
        /* the explore phase runs its fixed seconds after the engines: the ETA is the campaign's, build aside */
        estimate += Campaign.exploreSeconds(opts);
        log.flush();
        live = new ProgressLine(System.out, ProgressLine.onTerminal(), "campaign", units, estimate);
    }

    /** The ETA's estimate of the model checker's {@code units}: their costs, and its jobs' start once when it explores any. */
    static double modelCheckerSeconds(final Costs costs, final Mode mode, final long budget, final List<Unit> units)
    {
        final double pairs = units.stream().mapToDouble(u -> costs.cost(u, mode, budget)).sum();
        return pairs > 0 ? pairs + Costs.MC_RUN_SECONDS : 0;
    }

    /** {@code tests} more jcstress tests done, {@code failed} of them failed. */
    void jcstressDone(final int tests, final int failed)
    {
        final ProgressLine l = live;
        if (l != null)
        {
            l.done(tests, tests * jcstressUnitSeconds, failed);
        }
    }

    /** One model-checker unit done, its estimated cost {@code seconds}. */
    void unitDone(final double seconds, final boolean failed)
    {
        final ProgressLine l = live;
        if (l != null)
        {
            l.done(1, seconds, failed ? 1 : 0);
        }
    }

    void finishLive()
    {
        if (live != null)
        {
            live.finish();
            live = null;
        }
    }

    /** The end of a run: the matrix as text, the problems, the counts of both engines, where the report is, the exit code. */
    void summary(final Campaign.Result r, final Path out, final Duration took)
    {
        info("");
        info(ReportWriter.textMatrix(r, opts));
        for (final String problem : r.problems)
        {
            info("  ! " + problem);
        }
        info(String.format(Locale.ROOT, "%d tests: %d OK, %d FAILED, %d skipped, %d errors; %d not as expected. Took %d:%02d.",
            r.verdicts.size(), count(r, Verdict.OK), count(r, Verdict.FAILED), count(r, Verdict.SKIPPED),
            count(r, Verdict.ERROR), r.judged.stream().filter(v -> !v.asExpected()).count(),
            took.toMinutes(), took.toSecondsPart()));
        if (!r.modelChecker.isEmpty())
        {
            final List<PairVerdict> mc = r.judged.stream().filter(v -> v.modelChecker() != null).collect(Collectors.toList());
            info(String.format(Locale.ROOT, "Model checker: %d OK, %d FAILED, %d skipped, %d errors. Found by both %d, jcstress only %d,"
                    + " model checker only %d; engines disagree on %d pairs (explained in the report).",
                mc.stream().filter(v -> v.modelChecker().verdict() == Verdict.OK).count(),
                mc.stream().filter(v -> v.modelChecker().failed()).count(),
                mc.stream().filter(v -> v.modelChecker().verdict() == Verdict.SKIPPED).count(),
                mc.stream().filter(v -> v.modelChecker().verdict() == Verdict.ERROR).count(),
                mc.stream().filter(v -> v.foundBy().equals("both")).count(),
                mc.stream().filter(v -> v.foundBy().equals("jcstress")).count(),
                mc.stream().filter(v -> v.foundBy().equals("model checker")).count(),
                mc.stream().filter(PairVerdict::enginesDisagree).count()));
        }
        info("Report: " + out.resolve("report.md") + "  (also report.html, report.json; jcstress: "
            + out.resolve("jcstress/results/index.html") + ")");
        info("Exit " + r.exitCode + (r.exitCode == Campaign.EXIT_OK ? ": every verdict as expected, every negative control failed"
            : r.exitCode == Campaign.EXIT_UNEXPECTED ? ": verdicts differ from " + r.run.get("expectations") + " or a negative control passed"
            : ": harness error"));
    }

    private static long count(final Campaign.Result r, final Verdict verdict)
    {
        return r.verdicts.stream().filter(v -> v.verdict == verdict).count();
    }

    static String elapsed(final long t0)
    {
        final long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

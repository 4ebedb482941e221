package org.ioptstress.stress.campaign;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

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

    static String elapsed(final long t0)
    {
        final long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

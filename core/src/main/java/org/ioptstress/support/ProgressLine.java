package org.ioptstress.support;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One live status line for long work (the campaign, the bench): units done of the total, elapsed time, ETA and
 * findings so far. On a terminal it is redrawn in place under the log lines; elsewhere (CI, a file) it is a plain
 * line at most every {@link #PLAIN_EVERY_SECONDS} seconds and at the end, so logs stay readable.
 *
 * <p>The ETA comes from the cost table: each unit carries its estimated seconds; until a unit is done the ETA is the
 * estimate of what is left, then the estimate of what is left scaled by how long the done units really took
 * against their estimate (a slow machine is slow for every unit).
 */
public final class ProgressLine
{
    public static final long PLAIN_EVERY_SECONDS = 30;
    private static final String CLEAR = "\r\u001b[K";

    private final PrintStream out;
    private final boolean live;
    private final String name;
    private final int total;
    private final double estimated;
    private final long t0;
    private int done;
    private double estimatedDone;
    private int findings;
    private long lastPlain;
    private boolean drawn;

    /**
     * @param live              redraw in place (a terminal: {@link #onTerminal()}) rather than print plain lines
     * @param total             units to run
     * @param estimatedSeconds  the cost table's estimate of all of them
     */
    public ProgressLine(final PrintStream out, final boolean live, final String name, final int total,
        final double estimatedSeconds)
    {
        this.out = out;
        this.live = live;
        this.name = name;
        this.total = total;
        this.estimated = estimatedSeconds;
        this.t0 = System.nanoTime();
        this.lastPlain = t0;
    }

    /** Whether standard output is an interactive terminal. */
    public static boolean onTerminal()
    {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** {@code units} more done, of {@code estimatedSeconds} in the cost table, {@code newFindings} of them failures. */
    public synchronized void done(final int units, final double estimatedSeconds, final int newFindings)
    {
        done = Math.min(total, done + units);
        estimatedDone += estimatedSeconds;
        findings += newFindings;
        final long now = System.nanoTime();
        if (live)
        {
            draw();
        }
        else if (now - lastPlain >= PLAIN_EVERY_SECONDS * 1_000_000_000L)
        {
            lastPlain = now;
            out.println(status());
        }
    }

    /** A log line above the status line. */
    public synchronized void println(final String line)
    {
        if (live)
        {
            out.print(CLEAR);
            out.println(line);
            draw();
        }
        else
        {
            out.println(line);
        }
    }

    /** The final status, on its own line. */
    public synchronized void finish()
    {
        if (live)
        {
            out.print(CLEAR);
        }
        out.println(status());
        drawn = false;
    }

    private void draw()
    {
        out.print(CLEAR + status());
        out.flush();
        drawn = true;
    }

    /** e.g. "campaign: 12/30 units, 1:04 elapsed, ETA 2:10, 3 findings". */
    public synchronized String status()
    {
        final double elapsed = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "%s: %d/%d units, %s elapsed, ETA %s, %d finding%s", name, done, total, clock(elapsed),
            done >= total ? "0:00" : clock(eta(elapsed)), findings, findings == 1 ? "" : "s");
    }

    double eta(final double elapsed)
    {
        final double left = Math.max(0, estimated - estimatedDone);
        if (estimatedDone <= 0)
        {
            return Math.max(0, left - elapsed);
        }
        return left * elapsed / estimatedDone;
    }

    boolean drawn()
    {
        return drawn;
    }

    static String clock(final double seconds)
    {
        final long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

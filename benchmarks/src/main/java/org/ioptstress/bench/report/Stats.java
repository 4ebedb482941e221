package org.ioptstress.bench.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;
import org.ioptstress.bench.report.JmhResults.Metric;

/**
 * The report's arithmetic: ratios with propagated errors, ratios from paired forks with their confidence
 * interval, least-squares slopes and crossover points.
 */
public final class Stats
{
    private Stats()
    {
    }

    /** a / b with the error propagated from both (relative errors added in quadrature). */
    public record Ratio(double value, double error)
    {
    }

    public static Ratio ratio(final Metric a, final Metric b)
    {
        if (a == null || b == null || b.score() == 0)
        {
            return null;
        }
        final double value = a.score() / b.score();
        final double ra = a.hasError() ? a.error() / a.score() : 0;
        final double rb = b.hasError() ? b.error() / b.score() : 0;
        final double error = a.hasError() || b.hasError() ? value * Math.sqrt(ra * ra + rb * rb) : Double.NaN;
        return new Ratio(value, error);
    }

    /** median(a) / median(b): robust to bursts of load in single iterations; NaN without raw data. */
    public static double medianRatio(final Metric a, final Metric b)
    {
        if (a == null || b == null || Double.isNaN(a.median()) || Double.isNaN(b.median()) || b.median() == 0)
        {
            return Double.NaN;
        }
        return a.median() / b.median();
    }

    /**
     * A ratio from paired forks: fork k of a over fork k of b, each fork scored by its fastest iteration. Noise on
     * a shared machine only ever adds time (another process's time slice, hypervisor steal, a JIT compilation
     * still under way), so the minimum is the estimate it moves least (Chen and Revels, "Robust benchmarking in
     * noisy environments", 2016). With the campaign's interleaving, fork k of every design ran back to back, so
     * load that changes over minutes cancels out of each pair.
     *
     * @param value the geometric mean of the per-fork ratios
     * @param low   the 95% confidence interval (Student's t on the logarithms of the per-fork ratios), NaN with
     *              fewer than two pairs
     * @param high  its upper end
     * @param pairs the forks paired
     */
    public record Paired(double value, double low, double high, int pairs) implements Interval
    {
    }

    /** Confidence level of {@link Paired}'s and {@link Fastest}'s intervals. */
    public static final double PAIRED_CONFIDENCE = 0.95;

    /** a / b from paired forks, or null when either has no per-fork data. */
    public static Paired paired(final Metric a, final Metric b)
    {
        if (a == null || b == null)
        {
            return null;
        }
        final int n = Math.min(a.forks().size(), b.forks().size());
        if (n == 0)
        {
            return null;
        }
        final double[] logs = new double[n];
        for (int k = 0; k < n; k++)
        {
            logs[k] = Math.log(fastest(a.forks().get(k)) / fastest(b.forks().get(k)));
        }
        return pairedFromLogs(logs);
    }

    /**
     * a / b from each design's fastest fork (the fastest iteration of all its forks): the figure the headline quotes.
     * Some interference lasts longer than a fork, so a fork cannot find a quiet stretch in it and pairing does not
     * cancel it when only one side feels it. Measured on the v7 scan of 256 accesses (session 7): a fast level
     * (369-447 ns) and a slow one (470-730 ns) in episodes of tens of seconds that span consecutive forks, on either
     * CPU, level switching mid-fork, with no GC, while v8's fork-scored counter test does not move; over 104 forks in
     * time order, the geometric mean of 20 consecutive forks spread by 32%, their fastest by 2.7%.
     *
     * @param value          the fastest fork of a over the fastest fork of b
     * @param low            the 95% interval: the 2.5% point of the ratio's exact bootstrap distribution (each side's
     *                       forks drawn again with replacement, half as many as it has, independently: see
     *                       {@link #fastestForks(Metric, Metric)}); NaN with one fork on each side
     * @param high           its 97.5% point
     * @param forks          a's forks
     * @param referenceForks b's forks
     */
    public record Fastest(double value, double low, double high, int forks, int referenceForks) implements Interval
    {
    }

    /** A ratio with a 95% interval: {@link Paired}, {@link Fastest}. */
    public interface Interval
    {
        double value();

        double low();

        double high();

        /** The interval lies wholly above or below 1: the designs differ. */
        default boolean excludesOne()
        {
            return !Double.isNaN(low()) && (low() > 1 || high() < 1);
        }

        /** Half the interval's width over the value: the relative precision of the ratio. */
        default double relativeHalfWidth()
        {
            return (high() - low()) / 2 / value();
        }
    }

    /**
     * a / b from each design's fastest fork with its bootstrap interval, or null when either has no per-fork data.
     * The interval is the m-out-of-n bootstrap of the minimum, m = n/2 rounded up (each side's forks drawn again with
     * replacement, half as many as it has, independently): the n-out-of-n bootstrap puts 63% of its weight on the
     * fastest fork and is inconsistent for a minimum (Swanepoel, "A note on proving that the (modified) bootstrap
     * works", 1986; Bickel, Götze and van Zwet, 1997); drawing fewer lets it see a run that missed its fastest forks.
     * On session 7's idle pair (18 ratios of 5 forks each way) the other run's ratio fell inside this interval 31 times
     * of 36 (median half-width 3.7%), inside the n-out-of-n one 22 times (2.5%), inside the paired interval 28 times
     * (7.4%). Computed exactly, not resampled (no seed, no resampling noise): the minimum of m draws from n sorted
     * forks is the k-th with probability ((n-k+1)/n)^m - ((n-k)/n)^m. An episode that slows all but a few forks of a
     * side stretches it to the slow level; it cannot see a level faster than every fork measured.
     */
    public static Fastest fastestForks(final Metric a, final Metric b)
    {
        if (a == null || b == null || a.forks().isEmpty() || b.forks().isEmpty())
        {
            return null;
        }
        final double[] fa = forkMinima(a);
        final double[] fb = forkMinima(b);
        final double[] pa = minimumOfResample(fa.length, half(fa.length));
        final double[] pb = minimumOfResample(fb.length, half(fb.length));
        final int n = fa.length * fb.length;
        final double[][] ratios = new double[n][];
        for (int i = 0; i < fa.length; i++)
        {
            for (int j = 0; j < fb.length; j++)
            {
                ratios[i * fb.length + j] = new double[] {fa[i] / fb[j], pa[i] * pb[j]};
            }
        }
        Arrays.sort(ratios, Comparator.comparingDouble(r -> r[0]));
        final double value = fa[0] / fb[0];
        if (fa.length < 2 && fb.length < 2)
        {
            return new Fastest(value, Double.NaN, Double.NaN, fa.length, fb.length);
        }
        final double tail = (1 - PAIRED_CONFIDENCE) / 2;
        return new Fastest(value, quantile(ratios, tail), quantile(ratios, 1 - tail), fa.length, fb.length);
    }

    /** Each fork's fastest iteration, fastest first. */
    private static double[] forkMinima(final Metric m)
    {
        final double[] v = new double[m.forks().size()];
        for (int k = 0; k < v.length; k++)
        {
            v[k] = fastest(m.forks().get(k));
        }
        Arrays.sort(v);
        return v;
    }

    /** The m of the m-out-of-n bootstrap of {@link #fastestForks}: half the forks, rounded up. */
    static int half(final int n)
    {
        return (n + 1) / 2;
    }

    /** P(the minimum of m draws with replacement from n sorted values is the k-th), k = 0..n-1. */
    static double[] minimumOfResample(final int n, final int m)
    {
        final double[] p = new double[n];
        for (int k = 0; k < n; k++)
        {
            p[k] = Math.pow((double)(n - k) / n, m) - Math.pow((double)(n - k - 1) / n, m);
        }
        return p;
    }

    /** The smallest value whose cumulative probability reaches q (values sorted, each {value, probability}). */
    private static double quantile(final double[][] sorted, final double q)
    {
        double cumulative = 0;
        for (final double[] r : sorted)
        {
            cumulative += r[1];
            if (cumulative >= q - 1e-12)
            {
                return r[0];
            }
        }
        return sorted[sorted.length - 1][0];
    }

    /** A fork's score for pairing: its fastest iteration. */
    static double fastest(final List<Double> iterations)
    {
        double min = Double.NaN;
        for (final double v : iterations)
        {
            min = Double.isNaN(min) || v < min ? v : min;
        }
        return min;
    }

    /** The geometric mean of exp(logs) and its Student's t interval. */
    static Paired pairedFromLogs(final double[] logs)
    {
        final int n = logs.length;
        double sum = 0;
        for (final double l : logs)
        {
            sum += l;
        }
        final double mean = sum / n;
        if (n < 2)
        {
            return new Paired(Math.exp(mean), Double.NaN, Double.NaN, n);
        }
        double ss = 0;
        for (final double l : logs)
        {
            ss += (l - mean) * (l - mean);
        }
        final double half = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - PAIRED_CONFIDENCE) / 2)
            * Math.sqrt(ss / (n - 1) / n);
        return new Paired(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half), n);
    }

    /** Least-squares line through (x, y). */
    public record Fit(double slope, double intercept)
    {
    }

    public static Fit fit(final List<Double> xs, final List<Double> ys)
    {
        final int n = xs.size();
        if (n < 2)
        {
            return null;
        }
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++)
        {
            sx += xs.get(i);
            sy += ys.get(i);
        }
        final double mx = sx / n;
        final double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (xs.get(i) - mx) * (ys.get(i) - my);
            sxx += (xs.get(i) - mx) * (xs.get(i) - mx);
        }
        if (sxx == 0)
        {
            return null;
        }
        final double slope = sxy / sxx;
        return new Fit(slope, my - slope * mx);
    }

    /** a's confidence interval lies wholly above b's (an unknown error counts as zero). */
    public static boolean significantlyAbove(final Metric a, final Metric b)
    {
        final double ea = a.hasError() ? a.error() : 0;
        final double eb = b.hasError() ? b.error() : 0;
        return a.score() - ea > b.score() + eb;
    }

    /**
     * The crossover: the smallest x from which a costs significantly more than b at every larger measured x,
     * or null if a is not significantly above b at the largest x. Points where either is missing are skipped.
     */
    public static String crossover(final List<String> xs, final List<Metric> a, final List<Metric> b)
    {
        String from = null;
        for (int i = xs.size() - 1; i >= 0; i--)
        {
            if (a.get(i) == null || b.get(i) == null)
            {
                continue;
            }
            if (!significantlyAbove(a.get(i), b.get(i)))
            {
                break;
            }
            from = xs.get(i);
        }
        return from;
    }

    /**
     * The x at which a / b first reaches {@code factor}, linearly interpolated between measured points; NaN if
     * it never does, the first x if it already does there.
     */
    public static double reaches(final List<String> xs, final List<Metric> a, final List<Metric> b,
        final double factor)
    {
        double prevX = Double.NaN;
        double prevR = Double.NaN;
        for (int i = 0; i < xs.size(); i++)
        {
            if (a.get(i) == null || b.get(i) == null)
            {
                continue;
            }
            final double x = Analysis.number(xs.get(i));
            final double r = a.get(i).score() / b.get(i).score();
            if (r >= factor)
            {
                if (Double.isNaN(prevX))
                {
                    return x;
                }
                return prevX + (factor - prevR) * (x - prevX) / (r - prevR);
            }
            prevX = x;
            prevR = r;
        }
        return Double.NaN;
    }
}

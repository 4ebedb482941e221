package org.ioptstress.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ioptstress.bench.report.Stats.Ratio;
import org.ioptstress.bench.report.JmhResults.Metric;
import org.ioptstress.bench.report.JmhResults.Result;

/** The report's number formats: scores with their errors, ratios, intervals, bytes, percentages. */
final class Cells
{
    private Cells()
    {
    }

    static String singular(final String x)
    {
        return x.endsWith("es") ? x.substring(0, x.length() - 2) : x.endsWith("s") ? x.substring(0, x.length() - 1) : x;
    }

    static String bytes(final double b)
    {
        if (Double.isNaN(b))
        {
            return "-";
        }
        return b < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", b);
    }

    static String percent(final long part, final long total)
    {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / total);
    }

    static String params(final Result r)
    {
        final List<String> ps = new ArrayList<>();
        r.params().forEach((k, v) -> ps.add(k + "=" + v));
        return String.join(" ", ps);
    }

    static String num(final double v)
    {
        if (Double.isNaN(v))
        {
            return "NaN";
        }
        final double abs = Math.abs(v);
        if (abs >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (abs >= 100)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String cell(final Metric m)
    {
        if (m == null)
        {
            return "-";
        }
        return num(m.score()) + (m.hasError() ? " ± " + num(m.error()) : "");
    }

    static String medianCell(final double ratio)
    {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /**
     * The ratio the headline quotes: each design's fastest fork over the reference's in CPU time, else in wall-clock
     * time, else null (results without per-fork data).
     */
    static Stats.Fastest headlineFastest(final Analysis an, final Analysis.Headline h)
    {
        final Stats.Fastest cpu = an.fastestForksCpu(h);
        return cpu != null ? cpu : an.fastestForks(h);
    }

    /** "2.10 [2.05, 2.16]", or the value alone without an interval. */
    static String intervalCell(final Stats.Interval r)
    {
        return ratio3(r.value()) + (Double.isNaN(r.low()) ? "" : " " + interval(r));
    }

    /** Three significant figures up to 10, one decimal above: enough to tell 5% apart. */
    static String ratio3(final double v)
    {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
    }

    static String interval(final Stats.Interval pr)
    {
        return Double.isNaN(pr.low()) ? "-" : "[" + ratio3(pr.low()) + ", " + ratio3(pr.high()) + "]";
    }

    static double headlineValue(final Analysis an, final Analysis.Headline h)
    {
        final Stats.Fastest pr = headlineFastest(an, h);
        if (pr != null)
        {
            return pr.value();
        }
        final Ratio r = an.ratio(h);
        return r == null ? Double.NaN : r.value();
    }

    /** " (median 2.31)" after a ratio of means, or nothing without raw data. */
    static String medianNote(final Metric a, final Metric b)
    {
        final double m = Stats.medianRatio(a, b);
        return Double.isNaN(m) ? "" : String.format(Locale.ROOT, " (median %.2f)", m);
    }

    static String ratioCell(final Ratio r)
    {
        if (r == null)
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", r.value())
            + (Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.2f", r.error()));
    }
}

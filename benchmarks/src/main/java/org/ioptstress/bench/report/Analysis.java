package org.ioptstress.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Metric;
import org.ioptstress.bench.report.JmhResults.Result;
import org.ioptstress.bench.report.Stats.Paired;
import org.ioptstress.bench.report.Stats.Ratio;

/**
 * Lookups over one campaign's results: the score of a part per design and sweep point, its floor, its CPU time,
 * the headline ratios ({@link Stats} does the arithmetic).
 */
public final class Analysis
{
    private final List<Result> results;

    public Analysis(final List<Result> results)
    {
        this.results = List.copyOf(results);
    }

    public List<Result> results()
    {
        return results;
    }

    /** The result of a part's benchmark for design (null: any) at sweep value x (null: any), or null. */
    public Result measured(final Figure f, final Part p, final String design, final String x)
    {
        final String name = f.benchmark(p.method());
        for (final Result r : results)
        {
            if (r.benchmark().equals(name) && matches(r, "design", design)
                && (f.sweepParam() == null || matches(r, f.sweepParam(), x)) && r.metric(p.metric()) != null)
            {
                return r;
            }
        }
        return null;
    }

    public Metric metric(final Figure f, final Part p, final String design, final String x)
    {
        final Result r = measured(f, p, design, x);
        return r == null ? null : r.metric(p.metric());
    }

    private static boolean matches(final Result r, final String param, final String value)
    {
        return value == null || value.equals(r.param(param));
    }

    /** The floor measured with the same values of every @Param the floor has (design, the sweep, kernel). */
    public Result floorResult(final Figure f, final Part p, final Result measured)
    {
        if (measured == null)
        {
            return null;
        }
        final String name = f.benchmark(p.floorMethod());
        for (final Result r : results)
        {
            if (!r.benchmark().equals(name) || r.metric(p.floorMetric()) == null)
            {
                continue;
            }
            boolean same = true;
            for (final Map.Entry<String, String> param : r.params().entrySet())
            {
                if (!param.getValue().equals(measured.param(param.getKey())))
                {
                    same = false;
                    break;
                }
            }
            if (same)
            {
                return r;
            }
        }
        return null;
    }

    public Metric floor(final Figure f, final Part p, final String design, final String x)
    {
        final Result r = floorResult(f, p, measured(f, p, design, x));
        return r == null ? null : r.metric(p.floorMetric());
    }

    /** Designs measured for a part: the catalog's order first, then any other (--designs). */
    public List<String> designs(final Figure f, final Part p)
    {
        final Set<String> present = new LinkedHashSet<>();
        final String name = f.benchmark(p.method());
        for (final Result r : results)
        {
            if (r.benchmark().equals(name) && r.param("design") != null)
            {
                present.add(r.param("design"));
            }
        }
        final List<String> ordered = new ArrayList<>();
        for (final String d : Catalog.all())
        {
            if (present.remove(d))
            {
                ordered.add(d);
            }
        }
        ordered.addAll(present);
        return ordered;
    }

    /** Sweep values measured for a part, in numeric order; a single null when the figure sweeps nothing. */
    public List<String> sweep(final Figure f, final Part p)
    {
        if (f.sweepParam() == null)
        {
            final List<String> none = new ArrayList<>();
            none.add(null);
            return none;
        }
        final Set<String> xs = new LinkedHashSet<>();
        final String name = f.benchmark(p.method());
        for (final Result r : results)
        {
            if (r.benchmark().equals(name) && r.param(f.sweepParam()) != null)
            {
                xs.add(r.param(f.sweepParam()));
            }
        }
        final List<String> sorted = new ArrayList<>(xs);
        sorted.sort(Comparator.comparingDouble(Analysis::number));
        return sorted;
    }

    static double number(final String s)
    {
        try
        {
            return Double.parseDouble(s);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }


    /**
     * One of the report's headline ratios: design / {@link Catalog#REFERENCE} on a headline figure's part, at
     * the first and the last value of its sweep (or unswept).
     *
     * @param x the sweep value, null for an unswept figure
     */
    public record Headline(Figure figure, Part part, String design, String x)
    {
        /** "1. refused unmap v7/v8 at accesses=256": stable across runs, the key two runs are compared by. */
        public String key()
        {
            return figure.title().replaceFirst("\\..*", "") + ". " + part.label() + " " + design + "/"
                + Catalog.REFERENCE + (x == null ? "" : " at " + figure.sweepParam() + "=" + x);
        }
    }

    /** The headline ratios measured in these results, in report order. */
    public List<Headline> headlines()
    {
        final List<Headline> hs = new ArrayList<>();
        for (final Figure f : Catalog.FIGURES)
        {
            if (!f.headline())
            {
                continue;
            }
            for (final Part p : f.parts())
            {
                final List<String> xs = sweep(f, p);
                if (xs.isEmpty())
                {
                    continue;
                }
                final List<String> ends = new ArrayList<>(); /* a single null when unswept */
                ends.add(xs.get(0));
                if (xs.size() > 1)
                {
                    ends.add(xs.get(xs.size() - 1));
                }
                for (final String x : ends)
                {
                    if (metric(f, p, Catalog.REFERENCE, x) == null)
                    {
                        continue;
                    }
                    for (final String d : designs(f, p))
                    {
                        if (!d.equals(Catalog.REFERENCE) && metric(f, p, d, x) != null)
                        {
                            hs.add(new Headline(f, p, d, x));
                        }
                    }
                }
            }
        }
        return hs;
    }

    /** A headline ratio from paired forks of the wall-clock scores, or null when not measured here. */
    public Paired paired(final Headline h)
    {
        return Stats.paired(metric(h.figure(), h.part(), h.design(), h.x()), metric(h.figure(), h.part(), Catalog.REFERENCE,
            h.x()));
    }

    /** The same from CPU time per operation (CpuTimeProfiler), or null without it. */
    public Paired pairedCpu(final Headline h)
    {
        return Stats.paired(cpu(h.figure(), h.part(), h.design(), h.x()), cpu(h.figure(), h.part(), Catalog.REFERENCE, h.x()));
    }

    /**
     * The headline figure: each design's fastest fork over {@link Catalog#REFERENCE}'s in CPU time per operation
     * ({@link Stats#fastestForks}), null without CPU times.
     */
    public Stats.Fastest fastestForksCpu(final Headline h)
    {
        return Stats.fastestForks(cpu(h.figure(), h.part(), h.design(), h.x()), cpu(h.figure(), h.part(), Catalog.REFERENCE,
            h.x()));
    }

    /** The same from the wall-clock scores, or null when not measured here. */
    public Stats.Fastest fastestForks(final Headline h)
    {
        return Stats.fastestForks(metric(h.figure(), h.part(), h.design(), h.x()), metric(h.figure(), h.part(),
            Catalog.REFERENCE, h.x()));
    }

    /** Worker CPU time per operation of a part (not of a @Group member), or null. */
    public Metric cpu(final Figure f, final Part p, final String design, final String x)
    {
        final Result r = measured(f, p, design, x);
        return r == null || p.metric() != null ? null : r.cpuPerOp();
    }

    /** A headline ratio as the ratio of two scores, or null when not measured here. */
    public Ratio ratio(final Headline h)
    {
        return Stats.ratio(metric(h.figure(), h.part(), h.design(), h.x()), metric(h.figure(), h.part(), Catalog.REFERENCE,
            h.x()));
    }
}

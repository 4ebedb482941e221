package org.ioptstress.bench.report;

import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.headlineFastest;
import static org.ioptstress.bench.report.Cells.intervalCell;
import static org.ioptstress.bench.report.Cells.medianNote;
import static org.ioptstress.bench.report.Cells.ratioCell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Metric;

/** A part of the report built from one run's analysis: its plots go to {@code plots}, its headline lines to {@code headline}. */
abstract class Section
{
    final Analysis a;
    final Path plots;
    final List<String> headline;

    Section(final Analysis a, final Path plots, final List<String> headline)
    {
        this.a = a;
        this.plots = plots;
        this.headline = headline;
    }

    Metric anyFloor(final Figure f, final Part p, final List<String> designs, final String x)
    {
        for (final String d : designs)
        {
            final Metric m = a.floor(f, p, d, x);
            if (m != null)
            {
                return m;
            }
        }
        return null;
    }

    List<Metric> series(final Figure f, final Part p, final String design, final List<String> xs)
    {
        final List<Metric> ms = new ArrayList<>();
        for (final String xv : xs)
        {
            ms.add(a.metric(f, p, design, xv));
        }
        return ms;
    }

    static Charts.Line line(final String name, final String design, final List<Metric> ms, final boolean floor)
    {
        final List<Double> v = new ArrayList<>();
        final List<Double> e = new ArrayList<>();
        for (final Metric m : ms)
        {
            v.add(m == null ? null : m.score());
            e.add(m == null || !m.hasError() ? 0.0 : m.error());
        }
        return new Charts.Line(name, design, v, e, floor);
    }

    /**
     * A headline ratio: each design's fastest fork over the reference's in CPU time per operation with its 95%
     * bootstrap interval ("2.10 [2.05, 2.16]"); of wall-clock scores without CPU times; else the ratio of scores
     * with its propagated error and the ratio of medians (results without per-fork data).
     */
    String headlineCell(final Figure f, final Part p, final String d, final String x)
    {
        final Stats.Fastest pr = headlineFastest(a, new Analysis.Headline(f, p, d, x));
        if (pr == null)
        {
            final Metric m = a.metric(f, p, d, x);
            final Metric ref = a.metric(f, p, REFERENCE, x);
            return ratioCell(Stats.ratio(m, ref)) + medianNote(m, ref);
        }
        return intervalCell(pr);
    }
}

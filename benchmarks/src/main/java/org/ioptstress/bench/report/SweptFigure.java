package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.cell;
import static org.ioptstress.bench.report.Cells.medianCell;
import static org.ioptstress.bench.report.Cells.num;
import static org.ioptstress.bench.report.Cells.ratioCell;
import static org.ioptstress.bench.report.Cells.singular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ioptstress.bench.report.Stats.Fit;
import org.ioptstress.bench.report.Stats.Ratio;
import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Metric;
import org.ioptstress.bench.report.JmhResults.Result;

/** A figure against its swept parameter: scores and floors, ratios, slopes and crossovers, plots, its headline line. */
final class SweptFigure extends Section
{
    SweptFigure(final Analysis a, final Path plots, final List<String> headline)
    {
        super(a, plots, headline);
    }

    /** Tables, crossovers and plots of one part against the swept parameter. */
    void write(final Figure f, final Part p, final Doc doc) throws IOException
    {
        final List<String> designs = a.designs(f, p);
        final List<String> xs = a.sweep(f, p);
        final String x = f.sweepParam();
        final boolean multi = f.parts().size() > 1;
        if (multi)
        {
            doc.heading(3, p.label());
        }

        /* scores and floors */
        final List<String> head = new ArrayList<>();
        head.add(x);
        designs.forEach(d -> head.add(d + " (ns/op)"));
        final boolean floorPerDesign = floorPerDesign(f, p, designs, xs);
        if (floorPerDesign)
        {
            designs.forEach(d -> head.add("floor " + d));
        }
        else
        {
            head.add("floor");
        }
        final List<List<String>> rows = new ArrayList<>();
        for (final String xv : xs)
        {
            final List<String> row = new ArrayList<>();
            row.add(xv);
            designs.forEach(d -> row.add(cell(a.metric(f, p, d, xv))));
            if (floorPerDesign)
            {
                designs.forEach(d -> row.add(cell(a.floor(f, p, d, xv))));
            }
            else
            {
                row.add(cell(anyFloor(f, p, designs, xv)));
            }
            rows.add(row);
        }
        doc.table(head, rows);

        /* ratios */
        final List<String> rhead = new ArrayList<>();
        rhead.add(x);
        final boolean hasRef = designs.contains(REFERENCE);
        if (hasRef)
        {
            designs.stream().filter(d -> !d.equals(REFERENCE)).forEach(d -> rhead.add(d + "/" + REFERENCE));
        }
        designs.forEach(d -> rhead.add(d + "/floor"));
        final List<List<String>> rrows = new ArrayList<>();
        for (final String xv : xs)
        {
            final List<String> row = new ArrayList<>();
            row.add(xv);
            if (hasRef)
            {
                designs.stream().filter(d -> !d.equals(REFERENCE))
                    .forEach(d -> row.add(ratioCell(Stats.ratio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv)))));
            }
            designs.forEach(d -> row.add(ratioCell(Stats.ratio(a.metric(f, p, d, xv), a.floor(f, p, d, xv)))));
            rrows.add(row);
        }
        doc.table(rhead, rrows);
        if (hasRef)
        {
            final List<String> mhead = new ArrayList<>();
            mhead.add(x);
            designs.stream().filter(d -> !d.equals(REFERENCE)).forEach(d -> mhead.add(d + "/" + REFERENCE + " (medians)"));
            designs.forEach(d -> mhead.add(d + "/floor (medians)"));
            final List<List<String>> mrows = new ArrayList<>();
            for (final String xv : xs)
            {
                final List<String> row = new ArrayList<>();
                row.add(xv);
                designs.stream().filter(d -> !d.equals(REFERENCE)).forEach(d -> row.add(
                    medianCell(Stats.medianRatio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv)))));
                designs.forEach(d -> row.add(medianCell(Stats.medianRatio(a.metric(f, p, d, xv), a.floor(f, p, d, xv)))));
                mrows.add(row);
            }
            doc.para("The same ratios from the medians of the iteration scores (robust to a burst of load in one "
                + "iteration):");
            doc.table(mhead, mrows);
        }

        /* crossovers and slopes */
        final List<List<String>> crows = new ArrayList<>();
        final Map<String, Fit> fits = new LinkedHashMap<>();
        for (final String d : designs)
        {
            final List<Double> fx = new ArrayList<>();
            final List<Double> fy = new ArrayList<>();
            for (final String xv : xs)
            {
                final Metric m = a.metric(f, p, d, xv);
                if (m != null)
                {
                    fx.add(Analysis.number(xv));
                    fy.add(m.score());
                }
            }
            fits.put(d, Stats.fit(fx, fy));
        }
        for (final String d : designs)
        {
            final Fit fit = fits.get(d);
            final List<String> row = new ArrayList<>();
            row.add(d);
            row.add(fit == null ? "-" : String.format(Locale.ROOT, "%+.3f", fit.slope()));
            row.add(fit == null ? "-" : num(fit.intercept()));
            if (hasRef && !d.equals(REFERENCE))
            {
                final List<Metric> md = series(f, p, d, xs);
                final List<Metric> mr = series(f, p, REFERENCE, xs);
                final String cross = Stats.crossover(xs, md, mr);
                row.add(cross == null ? "none up to " + xs.get(xs.size() - 1) : cross);
                final double twice = Stats.reaches(xs, md, mr, 2.0);
                row.add(Double.isNaN(twice) ? "not up to " + xs.get(xs.size() - 1) : String.format(Locale.ROOT, "%.1f", twice));
            }
            else
            {
                row.add(d.equals(REFERENCE) ? "(reference)" : "-");
                row.add(d.equals(REFERENCE) ? "(reference)" : "-");
            }
            crows.add(row);
        }
        if (xs.size() > 1)
        {
            doc.para("Cost per unit of `" + x + "` (least-squares slope over the sweep), and where each design "
                + "overtakes " + REFERENCE + ":");
            doc.table(List.of("design", "slope (ns per " + singular(x) + ")", "intercept (ns)",
                "costs more than " + REFERENCE + " from " + x + " =", "costs 2x " + REFERENCE + " at " + x + " ="), crows);
        }

        /* plots */
        final String stem = f.id() + (multi ? "-" + p.metric() : "");
        final List<Charts.Line> lines = new ArrayList<>();
        for (final String d : designs)
        {
            lines.add(line(d, d, series(f, p, d, xs), false));
        }
        for (final String d : floorLines(f, p, designs, xs, floorPerDesign))
        {
            final List<Metric> fl = new ArrayList<>();
            for (final String xv : xs)
            {
                fl.add(floorPerDesign ? a.floor(f, p, d, xv) : anyFloor(f, p, designs, xv));
            }
            lines.add(line(floorPerDesign ? "locks only (" + d + ")" : "locks only (floor)", floorPerDesign ? d : null,
                fl, true));
        }
        final String title = f.title().replaceFirst("^\\d+\\. ", "") + (multi ? ": " + p.label() : "");
        Charts.lines(plots.resolve(stem + ".png"), title, x, "ns/op (error: 99.9% CI)", xs, lines, false);
        doc.image("plots/" + stem + ".png", title + ": ns/op against " + x);
        if (hasRef && designs.size() > 1)
        {
            final List<Charts.Line> rl = new ArrayList<>();
            for (final String d : designs)
            {
                final List<Double> v = new ArrayList<>();
                final List<Double> e = new ArrayList<>();
                for (final String xv : xs)
                {
                    final Ratio r = Stats.ratio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv));
                    v.add(r == null ? null : r.value());
                    e.add(r == null || Double.isNaN(r.error()) ? 0.0 : r.error());
                }
                rl.add(new Charts.Line(d + "/" + REFERENCE, d, v, e, d.equals(REFERENCE)));
            }
            Charts.lines(plots.resolve(stem + "-ratio.png"), title + ": ratio to " + REFERENCE, x,
                "design / " + REFERENCE, xs, rl, false); /* linear: XChart misdraws error bars on a log axis */
            doc.image("plots/" + stem + "-ratio.png", title + ": ratio to " + REFERENCE);
        }
        if (f.headline() || multi)
        {
            headlineSwept(f, p, designs, xs, fits, multi);
        }
    }

    private void headlineSwept(final Figure f, final Part p, final List<String> designs, final List<String> xs,
        final Map<String, Fit> fits, final boolean multi)
    {
        if (!designs.contains(REFERENCE) || xs.isEmpty())
        {
            return;
        }
        final String x = f.sweepParam();
        final String first = xs.get(0);
        final String last = xs.get(xs.size() - 1);
        final List<String> bits = new ArrayList<>();
        for (final String d : designs)
        {
            if (d.equals(REFERENCE))
            {
                continue;
            }
            final Ratio r0 = Stats.ratio(a.metric(f, p, d, first), a.metric(f, p, REFERENCE, first));
            final Ratio r1 = Stats.ratio(a.metric(f, p, d, last), a.metric(f, p, REFERENCE, last));
            if (r0 == null || r1 == null)
            {
                continue;
            }
            final StringBuilder sb = new StringBuilder();
            sb.append(d).append('/').append(REFERENCE).append(' ')
                .append(headlineCell(f, p, d, first)).append(" at ").append(x)
                .append('=').append(first);
            if (!first.equals(last))
            {
                sb.append(" -> ").append(headlineCell(f, p, d, last))
                    .append(" at ").append(last);
            }
            if (Catalog.SCANNING.contains(d) && xs.size() > 1)
            {
                final String cross = Stats.crossover(xs, series(f, p, d, xs), series(f, p, REFERENCE, xs));
                sb.append(cross == null ? ", never significantly above " + REFERENCE
                    : ", above " + REFERENCE + " from " + x + "=" + cross);
            }
            bits.add(sb.toString());
        }
        final StringBuilder line = new StringBuilder();
        line.append("**").append(f.title()).append(multi ? ", " + p.label() : "").append("**: ")
            .append(String.join("; ", bits)).append('.');
        final List<String> slopes = new ArrayList<>();
        for (final String d : designs)
        {
            final Fit fit = fits.get(d);
            if (fit != null)
            {
                slopes.add(d + " " + String.format(Locale.ROOT, "%+.2f", fit.slope()) + " ns");
            }
        }
        if (!slopes.isEmpty())
        {
            line.append(" Per ").append(singular(x)).append(": ").append(String.join(", ", slopes)).append('.');
        }
        final List<String> floors = new ArrayList<>();
        for (final String d : designs)
        {
            final Ratio r = Stats.ratio(a.metric(f, p, d, first), a.floor(f, p, d, first));
            if (r != null)
            {
                floors.add(d + " " + String.format(Locale.ROOT, "%.1fx", r.value()));
            }
        }
        if (!floors.isEmpty())
        {
            line.append(" Over the floor at ").append(x).append('=').append(first).append(": ")
                .append(String.join(", ", floors)).append('.');
        }
        headline.add(line.toString());
    }

    private boolean floorPerDesign(final Figure f, final Part p, final List<String> designs, final List<String> xs)
    {
        for (final String xv : xs)
        {
            final Result m = a.measured(f, p, designs.isEmpty() ? null : designs.get(0), xv);
            final Result fl = a.floorResult(f, p, m);
            if (fl != null)
            {
                return fl.param("design") != null;
            }
        }
        return false;
    }

    /** Floor lines worth drawing: the reference's, and any other design's that differs from it by > 25%. */
    private List<String> floorLines(final Figure f, final Part p, final List<String> designs, final List<String> xs,
        final boolean perDesign)
    {
        if (!perDesign)
        {
            return designs.isEmpty() ? List.of() : List.of(designs.get(0));
        }
        final String ref = designs.contains(REFERENCE) ? REFERENCE : designs.get(0);
        final Metric refFloor = a.floor(f, p, ref, xs.get(0));
        final List<String> drawn = new ArrayList<>();
        drawn.add(ref);
        for (final String d : designs)
        {
            final Metric m = a.floor(f, p, d, xs.get(0));
            if (!d.equals(ref) && m != null && refFloor != null
                && Math.abs(m.score() - refFloor.score()) > 0.25 * refFloor.score())
            {
                drawn.add(d);
            }
        }
        return drawn;
    }
}

package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.cell;
import static org.ioptstress.bench.report.Cells.ratioCell;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ioptstress.bench.report.Stats.Ratio;
import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Metric;

/** A figure without a sweep: one row per design, one column per part, a bar chart, its headline line. */
final class UnsweptFigure extends Section
{
    UnsweptFigure(final Analysis a, final Path plots, final List<String> headline)
    {
        super(a, plots, headline);
    }

    void write(final Figure f, final Doc doc) throws IOException
    {
        final List<String> designs = new ArrayList<>();
        for (final Part p : f.parts())
        {
            for (final String d : a.designs(f, p))
            {
                if (!designs.contains(d))
                {
                    designs.add(d);
                }
            }
        }
        final List<String> all = Catalog.all();
        designs.sort(java.util.Comparator.comparingInt(d -> all.contains(d) ? all.indexOf(d) : all.size()));
        final List<String> head = new ArrayList<>();
        head.add("design");
        for (final Part p : f.parts())
        {
            head.add(p.label() + " (ns/op)");
            head.add(p.label() + " / " + REFERENCE);
            head.add(p.label() + " / floor");
        }
        final List<List<String>> rows = new ArrayList<>();
        for (final String d : designs)
        {
            final List<String> row = new ArrayList<>();
            row.add(d);
            for (final Part p : f.parts())
            {
                row.add(cell(a.metric(f, p, d, null)));
                row.add(d.equals(REFERENCE) && a.metric(f, p, d, null) != null ? "(reference)"
                    : ratioCell(Stats.ratio(a.metric(f, p, d, null), a.metric(f, p, REFERENCE, null))));
                row.add(ratioCell(Stats.ratio(a.metric(f, p, d, null), a.floor(f, p, d, null))));
            }
            rows.add(row);
        }
        final Part first = f.parts().get(0);
        final Metric floor = anyFloor(f, first, a.designs(f, first), null);
        doc.table(head, rows);
        doc.para("Floor (the lock sequence alone): " + cell(floor) + " ns/op.");

        final Map<String, List<Double>> series = new LinkedHashMap<>();
        final Map<String, List<Double>> errors = new LinkedHashMap<>();
        final Map<String, Color> colours = new LinkedHashMap<>();
        final List<String> categories = new ArrayList<>();
        for (final Part p : f.parts())
        {
            categories.add(p.label());
        }
        categories.add("floor (locks only)");
        for (final String d : designs)
        {
            final List<Double> v = new ArrayList<>();
            final List<Double> e = new ArrayList<>();
            for (final Part p : f.parts())
            {
                final Metric m = a.metric(f, p, d, null);
                v.add(m == null ? null : m.score());
                e.add(m == null || !m.hasError() ? 0.0 : m.error());
            }
            v.add(floor == null ? null : floor.score());
            e.add(floor == null || !floor.hasError() ? 0.0 : floor.error());
            series.put(d, v);
            errors.put(d, e);
            colours.put(d, Charts.colour(d));
        }
        final String title = f.title().replaceFirst("^\\d+\\. ", "");
        Charts.bars(plots.resolve(f.id() + ".png"), title, "ns/op (error: 99.9% CI)", categories, series, errors,
            colours);
        doc.image("plots/" + f.id() + ".png", title);
        if (f.headline())
        {
            final List<String> bits = new ArrayList<>();
            for (final Part p : f.parts())
            {
                final List<String> per = new ArrayList<>();
                for (final String d : a.designs(f, p))
                {
                    if (!d.equals(REFERENCE))
                    {
                        final Ratio r = Stats.ratio(a.metric(f, p, d, null), a.metric(f, p, REFERENCE, null));
                        if (r != null)
                        {
                            per.add(d + "/" + REFERENCE + " " + headlineCell(f, p, d, null));
                        }
                    }
                }
                final Ratio rf = Stats.ratio(a.metric(f, p, REFERENCE, null), a.floor(f, p, REFERENCE, null));
                bits.add(p.label() + ": " + String.join(", ", per)
                    + (rf == null ? "" : "; " + REFERENCE + "/floor " + ratioCell(rf)));
            }
            headline.add("**" + f.title() + "**: " + String.join(". ", bits) + ".");
        }
    }
}

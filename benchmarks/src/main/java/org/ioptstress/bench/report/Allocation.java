package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Cells.bytes;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Result;

/** Bytes per operation (JMH's gc profiler) per path and design: a table, a bar chart, a headline line. */
final class Allocation extends Section
{
    Allocation(final Analysis a, final Path plots, final List<String> headline)
    {
        super(a, plots, headline);
    }

    void write(final Doc doc) throws IOException
    {
        final List<String> designs = new ArrayList<>(Catalog.all());
        for (final Result r : a.results())
        {
            final String d = r.param("design");
            if (d != null && !designs.contains(d))
            {
                designs.add(d);
            }
        }
        final List<String> used = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();
        final List<String> categories = new ArrayList<>();
        final Map<String, List<Double>> bars = new LinkedHashMap<>();
        final Map<String, double[]> byRow = new LinkedHashMap<>();
        for (final Figure f : Catalog.FIGURES)
        {
            for (final Part p : f.parts())
            {
                if (p.metric() != null)
                {
                    continue; /* a @Group's allocation is per group op, reported once below */
                }
                final double[] perDesign = new double[designs.size() + 1];
                java.util.Arrays.fill(perDesign, Double.NaN);
                for (int i = 0; i < designs.size(); i++)
                {
                    perDesign[i] = maxBytes(f.benchmark(p.method()), designs.get(i));
                }
                perDesign[designs.size()] = maxBytes(f.benchmark(p.floorMethod()), null);
                if (java.util.Arrays.stream(perDesign).allMatch(Double::isNaN))
                {
                    continue;
                }
                byRow.put(f.title().replaceFirst("\\..*", "") + ". " + p.label(), perDesign);
            }
            if (f.parts().get(0).metric() != null)
            {
                final double[] perDesign = new double[designs.size() + 1];
                for (int i = 0; i < designs.size(); i++)
                {
                    perDesign[i] = maxBytes(f.benchmark(f.parts().get(0).method()), designs.get(i));
                }
                perDesign[designs.size()] = maxBytes(f.benchmark(f.parts().get(0).floorMethod()), null);
                if (!java.util.Arrays.stream(perDesign).allMatch(Double::isNaN))
                {
                    byRow.put(f.title().replaceFirst("\\..*", "") + ". both threads (per op of the group)", perDesign);
                }
            }
        }
        if (byRow.isEmpty())
        {
            return;
        }
        for (int i = 0; i < designs.size(); i++)
        {
            final int di = i;
            if (byRow.values().stream().anyMatch(v -> !Double.isNaN(v[di])))
            {
                used.add(designs.get(i));
            }
        }
        final List<String> head = new ArrayList<>();
        head.add("path");
        used.forEach(d -> head.add(d));
        head.add("floor");
        for (final Map.Entry<String, double[]> e : byRow.entrySet())
        {
            final List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (final String d : used)
            {
                row.add(bytes(e.getValue()[designs.indexOf(d)]));
            }
            row.add(bytes(e.getValue()[designs.size()]));
            rows.add(row);
            categories.add(e.getKey().replaceFirst(" \\(.*", ""));
        }
        for (final String d : used)
        {
            final List<Double> v = new ArrayList<>();
            for (final double[] perDesign : byRow.values())
            {
                final double b = perDesign[designs.indexOf(d)];
                v.add(Double.isNaN(b) ? null : b);
            }
            bars.put(d, v);
        }
        doc.heading(2, "Allocation per operation (bytes/op)");
        doc.para("JMH's gc profiler (`gc.alloc.rate.norm`), the largest value over each sweep, rounded. A kernel "
            + "allocates nothing on a refused unmap or on the lock paths (the floors); it does allocate on a map "
            + "(`iopt_area`, `iopt_pages`) and on the first pin of a range (`iopt_pages_access`), and frees them on "
            + "unmap and unpin, so those paths allocate in the port too. Bytes beyond those objects are the port's own: "
            + "Java headers and helper objects (a lock per mutex, a map per iopt_pages), iterators the JIT did not "
            + "eliminate, and any WARN_ON message built before its condition is tested.");
        doc.table(head, rows);
        final Map<String, Color> colours = new LinkedHashMap<>();
        used.forEach(d -> colours.put(d, Charts.colour(d)));
        Charts.bars(plots.resolve("allocation.png"), "Allocation per operation", "bytes/op", categories, bars,
            Map.of(), colours);
        doc.image("plots/allocation.png", "bytes/op per path and design");
        final List<String> summary = new ArrayList<>();
        for (final Map.Entry<String, double[]> e : byRow.entrySet())
        {
            final List<String> per = new ArrayList<>();
            for (final String d : used)
            {
                final double b = e.getValue()[designs.indexOf(d)];
                if (!Double.isNaN(b))
                {
                    per.add(d + " " + bytes(b));
                }
            }
            summary.add(e.getKey() + ": " + String.join(", ", per));
        }
        headline.add("**Bytes/op** (gc profiler): " + String.join("; ", summary) + ".");
    }

    private double maxBytes(final String benchmark, final String design)
    {
        double max = Double.NaN;
        for (final Result r : a.results())
        {
            if (r.benchmark().equals(benchmark) && (design == null || design.equals(r.param("design")))
                && r.bytesPerOp() != null)
            {
                final double b = r.bytesPerOp().score();
                max = Double.isNaN(max) ? b : Math.max(max, b);
            }
        }
        return max;
    }
}

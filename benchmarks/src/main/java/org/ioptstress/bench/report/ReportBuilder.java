package org.ioptstress.bench.report;

import static org.ioptstress.bench.report.Catalog.REFERENCE;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ioptstress.bench.report.Analysis.Fit;
import org.ioptstress.bench.report.Analysis.Ratio;
import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Part;
import org.ioptstress.bench.report.JmhResults.Metric;
import org.ioptstress.bench.report.JmhResults.Result;

/**
 * Writes the performance report from JMH's results: report.md, report.html, summary.md (the headline, for the
 * campaign report to include) and plots/*.png. Every ratio is a ratio of two scores of the same run, with the
 * error propagated from both; every figure sits beside the floor of its lock sequence.
 */
public final class ReportBuilder
{
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String SUMMARY = "summary.md";
    public static final String JSON = "jmh-results.json";
    /** The error target of benchmarks 1-4 in default mode. */
    static final double ERROR_TARGET = 0.05;

    private final Analysis a;
    private final RunInfo info;
    private final Path out;
    private final Path plots;
    private final List<String> headline = new ArrayList<>();
    /** Another run's results to compare the headline ratios with, or null. */
    private final Analysis other;
    private final String otherName;

    private ReportBuilder(final List<Result> results, final RunInfo info, final Path out, final List<Result> other,
        final String otherName)
    {
        this.a = new Analysis(results);
        this.other = other == null ? null : new Analysis(other);
        this.otherName = otherName;
        this.info = info;
        this.out = out;
        this.plots = out.resolve("plots");
    }

    /** Writes the report into {@code out}; returns the headline lines. */
    public static List<String> write(final List<Result> results, final RunInfo info, final Path out)
        throws IOException
    {
        return write(results, info, out, null, null);
    }

    /**
     * Writes the report, with a section comparing its headline ratios with another run's ({@code other}, named
     * {@code otherName}; null: none).
     */
    public static List<String> write(final List<Result> results, final RunInfo info, final Path out,
        final List<Result> other, final String otherName) throws IOException
    {
        final ReportBuilder b = new ReportBuilder(results, info, out, other, otherName);
        Files.createDirectories(b.plots);
        return b.build();
    }

    private List<String> build() throws IOException
    {
        final Doc doc = new Doc("iopt-stress: what each design costs (JMH)");
        final List<Doc> parts = new ArrayList<>();
        for (final Figure f : Catalog.FIGURES)
        {
            final Doc section = new Doc(f.title());
            if (figure(f, section))
            {
                parts.add(section);
            }
        }
        header(doc);
        doc.heading(2, "Headline");
        doc.bullets(headline);
        doc.para("Headline ratios are design / " + REFERENCE + " from paired forks: each fork is scored by its fastest "
            + "iteration (noise on a shared machine only adds time), fork k of a design is divided by fork k of "
            + REFERENCE + " (in default mode they ran back to back, the designs of a figure interleaved fork by fork), and the ratio is the geometric mean of "
            + "those per-fork ratios, [in brackets] its 95% confidence interval (Student's t over the forks, on "
            + "logarithms). In the tables below, ratios are of scores (means over every iteration of every fork), "
            + "design / " + REFERENCE + " and design / floor (the same path's bare lock sequence); ± is JMH's 99.9% "
            + "confidence half-width, propagated to ratios; \"median\" is the ratio of the medians of the iteration "
            + "scores. A crossover is the smallest swept value from which a design's confidence interval lies wholly "
            + "above " + REFERENCE + "'s at every larger value.");
        headlineRatios(doc);
        compare(doc);
        for (final Doc section : parts)
        {
            doc.append(section);
        }
        allocation(doc);
        errors(doc);
        outcomesAndFailures(doc);
        whyTheyCost(doc);
        reproduce(doc);
        Files.writeString(out.resolve(MARKDOWN), doc.markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(HTML), doc.html(), StandardCharsets.UTF_8);
        summary();
        return headline;
    }

    // ------------------------------------------------------------------------------------------ header

    private void header(final Doc doc)
    {
        final List<Result> rs = a.results();
        final Result any = rs.isEmpty() ? null : rs.get(0);
        final String commit = info.get("commit").isEmpty() ? "unknown" : info.get("commit");
        final String dirty = info.get("dirtyFiles");
        final List<String> facts = new ArrayList<>();
        facts.add("**Run**: " + info.get("started") + " to " + info.get("finished") + duration() + ", mode `"
            + info.get("mode") + "`, " + rs.size() + " results.");
        facts.add("**Commit**: `" + commit + "`" + (dirty.isEmpty() || "0".equals(dirty) ? ""
            : " plus uncommitted changes in " + dirty + " files") + ".");
        if (!info.get("launcher").isEmpty())
        {
            facts.add("**Command**: `" + info.get("launcher") + "`");
        }
        facts.add("**Process**: `" + info.get("command") + "`");
        facts.add("**Machine**: " + info.get("cpu") + ", " + info.get("cpus") + " CPUs, " + info.get("memory") + ", "
            + info.get("os") + ". Load average (1/5/15 min) " + info.get("loadStart") + " at the start, "
            + info.get("loadEnd") + " at the end.");
        if (any != null)
        {
            facts.add("**JVM**: " + any.vmName() + " " + any.vmVersion() + " (JDK " + any.jdkVersion()
                + "), benchmark JVM options `" + String.join(" ", any.jvmArgs()) + "`.");
            facts.add("**JMH**: 1.37, mode " + any.mode() + " (ns/op), forks " + any.forks() + ", warmup "
                + any.warmupIterations() + " x " + any.warmupTime() + ", measurement " + any.measurementIterations()
                + " x " + any.measurementTime() + ", `-prof gc` for bytes/op.");
        }
        facts.add("**Kernel build**: `Kernel.Config.PRODUCTION`, a production kernel: lockdep off. The port's "
            + "KASAN-like poisoning stays on (one volatile read per field access), as `kernel=debug` (lockdep on) "
            + "is a @Param of every benchmark but is not run here.");
        facts.add("**Noise**: the machine has " + info.get("cpus") + " CPUs and other processes (builds, other "
            + "tests) may have run during the campaign; the load averages above show how busy it was. Benchmark 5 "
            + "uses both CPUs by itself. Compare ratios within this run, not absolute times across runs.");
        doc.bullets(facts);
    }

    private String duration()
    {
        try
        {
            final Duration d = Duration.between(Instant.parse(info.get("started")), Instant.parse(info.get("finished")));
            return String.format(Locale.ROOT, " (%d min %02d s)", d.toMinutes(), d.toSecondsPart());
        }
        catch (final RuntimeException ex)
        {
            return "";
        }
    }

    // ------------------------------------------------------------------------------------------ figures

    /** One benchmark's section; false when it has no results. */
    private boolean figure(final Figure f, final Doc doc) throws IOException
    {
        boolean any = false;
        for (final Part p : f.parts())
        {
            any |= !a.designs(f, p).isEmpty();
        }
        if (!any)
        {
            return false;
        }
        doc.heading(2, f.title());
        doc.para(f.what());
        doc.para("`" + Catalog.PACKAGE + f.benchClass() + "`");
        if (f.sweepParam() == null)
        {
            unswept(f, doc);
        }
        else
        {
            for (final Part p : f.parts())
            {
                swept(f, p, doc);
            }
        }
        return true;
    }

    /** Tables, crossovers and plots of one part against the swept parameter. */
    private void swept(final Figure f, final Part p, final Doc doc) throws IOException
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
                    .forEach(d -> row.add(ratioCell(Analysis.ratio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv)))));
            }
            designs.forEach(d -> row.add(ratioCell(Analysis.ratio(a.metric(f, p, d, xv), a.floor(f, p, d, xv)))));
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
                    medianCell(Analysis.medianRatio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv)))));
                designs.forEach(d -> row.add(medianCell(Analysis.medianRatio(a.metric(f, p, d, xv), a.floor(f, p, d, xv)))));
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
            fits.put(d, Analysis.fit(fx, fy));
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
                final String cross = Analysis.crossover(xs, md, mr);
                row.add(cross == null ? "none up to " + xs.get(xs.size() - 1) : cross);
                final double twice = Analysis.reaches(xs, md, mr, 2.0);
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
                    final Ratio r = Analysis.ratio(a.metric(f, p, d, xv), a.metric(f, p, REFERENCE, xv));
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

    private static String singular(final String x)
    {
        return x.endsWith("es") ? x.substring(0, x.length() - 2) : x.endsWith("s") ? x.substring(0, x.length() - 1) : x;
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
            final Ratio r0 = Analysis.ratio(a.metric(f, p, d, first), a.metric(f, p, REFERENCE, first));
            final Ratio r1 = Analysis.ratio(a.metric(f, p, d, last), a.metric(f, p, REFERENCE, last));
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
                final String cross = Analysis.crossover(xs, series(f, p, d, xs), series(f, p, REFERENCE, xs));
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
            final Ratio r = Analysis.ratio(a.metric(f, p, d, first), a.floor(f, p, d, first));
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

    /** A figure without a sweep: one row per design, one column per part. */
    private void unswept(final Figure f, final Doc doc) throws IOException
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
                    : ratioCell(Analysis.ratio(a.metric(f, p, d, null), a.metric(f, p, REFERENCE, null))));
                row.add(ratioCell(Analysis.ratio(a.metric(f, p, d, null), a.floor(f, p, d, null))));
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
                        final Ratio r = Analysis.ratio(a.metric(f, p, d, null), a.metric(f, p, REFERENCE, null));
                        if (r != null)
                        {
                            per.add(d + "/" + REFERENCE + " " + headlineCell(f, p, d, null));
                        }
                    }
                }
                final Ratio rf = Analysis.ratio(a.metric(f, p, REFERENCE, null), a.floor(f, p, REFERENCE, null));
                bits.add(p.label() + ": " + String.join(", ", per)
                    + (rf == null ? "" : "; " + REFERENCE + "/floor " + ratioCell(rf)));
            }
            headline.add("**" + f.title() + "**: " + String.join(". ", bits) + ".");
        }
    }

    // ------------------------------------------------------------------------------------ allocation

    private void allocation(final Doc doc) throws IOException
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

    private static String bytes(final double b)
    {
        if (Double.isNaN(b))
        {
            return "-";
        }
        return b < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", b);
    }

    // ---------------------------------------------------------------------------------- error / outcomes

    private void errors(final Doc doc)
    {
        doc.heading(2, "Errors against the +-5% target (benchmarks 1-4)");
        final List<String> over = new ArrayList<>();
        int checked = 0;
        for (final Figure f : Catalog.FIGURES)
        {
            if (!f.headline())
            {
                continue;
            }
            for (final Catalog.Run run : f.runs())
            {
                for (final Result r : a.results())
                {
                    if (!r.benchmark().equals(f.benchmark(run.method())))
                    {
                        continue;
                    }
                    checked++;
                    final Metric m = r.primary();
                    if (!m.hasError() || m.relativeError() > ERROR_TARGET)
                    {
                        over.add("`" + f.benchClass() + "." + r.method() + "` " + params(r) + ": " + cell(m) + " ns/op ("
                            + (m.hasError() ? String.format(Locale.ROOT, "%.1f%%", 100 * m.relativeError()) : "no error")
                            + ")");
                    }
                }
            }
        }
        if (over.isEmpty())
        {
            doc.para("All " + checked + " results of benchmarks 1-4 (floors included) have an error within +-5% of "
                + "the score.");
        }
        else
        {
            doc.para((checked - over.size()) + " of " + checked + " results of benchmarks 1-4 (floors included) are "
                + "within +-5%; these are not" + ("default".equals(info.get("mode")) ? ""
                    : " (expected outside default mode: one short fork)") + ":");
            doc.bullets(over);
        }
    }

    private void outcomesAndFailures(final Doc doc)
    {
        doc.heading(2, "Refused and completed operations (@AuxCounters)");
        final List<String> lines = new ArrayList<>();
        for (final Figure f : Catalog.FIGURES)
        {
            final Map<String, long[]> perDesign = new LinkedHashMap<>();
            for (final Result r : a.results())
            {
                if (!r.benchmark().startsWith(Catalog.PACKAGE + f.benchClass() + ".")
                    || r.secondary().get("refused") == null)
                {
                    continue;
                }
                final long[] c = perDesign.computeIfAbsent(r.param("design"), k -> new long[2]);
                c[0] += (long)r.secondary().get("completed").score();
                c[1] += (long)r.secondary().get("refused").score();
            }
            if (perDesign.isEmpty())
            {
                continue;
            }
            final List<String> per = new ArrayList<>();
            perDesign.forEach((d, c) -> per.add(d + " " + percent(c[1], c[0] + c[1]) + " refused"));
            lines.add(f.title() + ": " + String.join(", ", per) + ".");
        }
        doc.para("Every unmap counts its outcome; any errno other than 0 and -EBUSY fails the benchmark, so each "
            + "figure measures one path:");
        doc.bullets(lines);
        final List<String> failures = info.list("failure");
        if (!failures.isEmpty())
        {
            doc.heading(2, "Failed or missing runs");
            doc.bullets(failures);
        }
    }

    private static String percent(final long part, final long total)
    {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / total);
    }

    private void whyTheyCost(final Doc doc)
    {
        doc.heading(2, "Why each design costs what it costs");
        doc.bullets(List.of(
            "**v7** refuses late: `iopt_unmap_iova_range()` sees `area->num_accesses`, sets `prevent_access`, drops "
                + "`iova_rwsem` and `domains_rwsem`, and `iommufd_access_notify_unmap()` takes `xa_lock` and walks the "
                + "access list until it meets an internal access; on -EBUSY the unmapper takes both rwsems again to "
                + "clear `prevent_access`. Twice the lock traffic of the other designs at any N, plus one step per "
                + "access in index order before the internal one.",
            "**v7-hoisted** (Kevin Tian's variant) refuses early, under the unmapper's locks, but pays its "
                + "`xa_for_each` scan on every pass of every unmap, including unmaps of areas nobody pinned "
                + "(benchmark 2): with no internal access the scan walks the whole list.",
            "**v8 / upstream** test `area->num_locks` under `iova_rwsem` (write): one load, no list. The counter "
                + "is paid on the pin path instead, and only by internal pins: `num_locks++` / `num_locks--` beside "
                + "`num_accesses` under `pages->mutex`, which the pin already holds (benchmark 4).",
            "**Every design** walks the whole access list in `iommufd_access_notify_unmap()` when an area with "
                + "accesses is unmapped (benchmark 3), dropping `xa_lock` around each `ops->unmap`; the designs' "
                + "scans ride on top of that walk.",
            "**The floor** is the same lock sequence with nothing between the locks: the port's rwsems, mutexes and "
                + "xa_lock are `java.util.concurrent` locks with non-recursion checks, so design/floor says how much "
                + "of a path is logic rather than locking."));
    }

    private void reproduce(final Doc doc)
    {
        doc.heading(2, "Reproduce");
        final List<String> commands = info.list("jmh");
        if (!commands.isEmpty())
        {
            doc.para("Each run of the campaign, as a JMH command line (results: `" + JSON + "`; per run: `jmh/`)"
                + ("default".equals(info.get("mode")) ? "; the campaign runs each of a class's forks as its own `-f 1` "
                    + "run, fork k of every design back to back, which plain JMH does not do" : "") + ":");
            doc.code(String.join("\n", commands));
        }
    }

    // ------------------------------------------------------------------------------------------ summary

    private void summary() throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("### Performance (JMH, ").append(info.get("mode")).append(" mode, ").append(info.get("cpu")).append(", ")
            .append(info.get("cpus")).append(" CPUs, commit `").append(info.get("commit")).append("`)\n\n");
        headline.forEach(h -> sb.append("- ").append(h).append('\n'));
        sb.append("\nFull report: `").append(MARKDOWN).append("` / `").append(HTML).append("`.\n");
        Files.writeString(out.resolve(SUMMARY), sb.toString(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ helpers

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

    private Metric anyFloor(final Figure f, final Part p, final List<String> designs, final String x)
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

    private List<Metric> series(final Figure f, final Part p, final String design, final List<String> xs)
    {
        final List<Metric> ms = new ArrayList<>();
        for (final String xv : xs)
        {
            ms.add(a.metric(f, p, design, xv));
        }
        return ms;
    }

    private static Charts.Line line(final String name, final String design, final List<Metric> ms, final boolean floor)
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

    private static String params(final Result r)
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
     * A headline ratio: from paired forks of CPU time per operation with its 95% interval ("2.10 [2.05, 2.16]");
     * of wall-clock scores without CPU times; else the ratio of scores with its propagated error and the ratio
     * of medians (results without per-fork data).
     */
    private String headlineCell(final Figure f, final Part p, final String d, final String x)
    {
        final Analysis.Paired pr = headlinePaired(a, new Analysis.Headline(f, p, d, x));
        if (pr == null)
        {
            final Metric m = a.metric(f, p, d, x);
            final Metric ref = a.metric(f, p, REFERENCE, x);
            return ratioCell(Analysis.ratio(m, ref)) + medianNote(m, ref);
        }
        return pairedCell(pr);
    }

    /** The ratio the headline quotes: paired CPU time, else paired wall clock, else null. */
    static Analysis.Paired headlinePaired(final Analysis an, final Analysis.Headline h)
    {
        final Analysis.Paired cpu = an.pairedCpu(h);
        return cpu != null ? cpu : an.paired(h);
    }

    static String pairedCell(final Analysis.Paired pr)
    {
        return ratio3(pr.value()) + (Double.isNaN(pr.low()) ? ""
            : " [" + ratio3(pr.low()) + ", " + ratio3(pr.high()) + "]");
    }

    /** Three significant figures up to 10, one decimal above: enough to tell 5% apart. */
    static String ratio3(final double v)
    {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
    }

    // --------------------------------------------------------------------------- headline ratios

    private void headlineRatios(final Doc doc)
    {
        final List<Analysis.Headline> hs = a.headlines();
        if (hs.isEmpty())
        {
            return;
        }
        final List<List<String>> rows = new ArrayList<>();
        for (final Analysis.Headline h : hs)
        {
            final Analysis.Paired pr = a.pairedCpu(h);
            final Analysis.Paired wall = a.paired(h);
            final List<String> row = new ArrayList<>();
            row.add(h.key());
            if (pr == null)
            {
                row.addAll(List.of("-", "-", "-", "-", "-"));
            }
            else
            {
                row.add(ratio3(pr.value()));
                row.add(interval(pr));
                row.add(Double.isNaN(pr.low()) ? "-" : String.format(Locale.ROOT, "±%.1f%%",
                    100 * pr.relativeHalfWidth()));
                row.add(Double.isNaN(pr.low()) ? "-" : pr.excludesOne() ? (pr.low() > 1 ? "yes (above)" : "yes (below)")
                    : "no");
                row.add(String.valueOf(pr.pairs()));
            }
            row.add(wall == null ? "-" : ratio3(wall.value()));
            row.add(wall == null ? "-" : interval(wall));
            row.add(wall == null || Double.isNaN(wall.low()) ? "-" : wall.excludesOne() ? "yes" : "no");
            row.add(ratioCell(a.ratio(h)));
            rows.add(row);
        }
        doc.heading(2, "Headline ratios (paired forks, 95% confidence)");
        doc.para("Each design against " + REFERENCE + " at both ends of each headline sweep, from CPU time per "
            + "operation (JMH profiler `org.ioptstress.bench.CpuTimeProfiler`: the score times the share of the "
            + "iteration the benchmark thread was on a CPU, so time another process held the CPU is not counted) and "
            + "from wall-clock time. \"Excludes 1\": the interval lies wholly above (or below) 1, so the designs "
            + "differ at 95% confidence; \"no\" means this run cannot tell them apart. The last column is the ratio "
            + "of scores with JMH's propagated 99.9% error. The headline above quotes the CPU-time ratios.");
        doc.table(List.of("ratio", "CPU: paired", "95% CI", "half-width", "excludes 1", "forks", "wall: paired",
            "95% CI", "excludes 1", "ratio of scores"), rows);
    }

    private static String interval(final Analysis.Paired pr)
    {
        return Double.isNaN(pr.low()) ? "-" : "[" + ratio3(pr.low()) + ", " + ratio3(pr.high()) + "]";
    }

    /** The headline ratios of this run beside another's, and how many agree within +-5%. */
    private void compare(final Doc doc)
    {
        if (other == null)
        {
            return;
        }
        final List<List<String>> rows = new ArrayList<>();
        int agree = 0;
        int compared = 0;
        for (final Analysis.Headline h : a.headlines())
        {
            final double mine = headlineValue(a, h);
            final double theirs = headlineValue(other, h);
            if (Double.isNaN(mine) || Double.isNaN(theirs))
            {
                continue;
            }
            final double diff = mine / theirs - 1;
            compared++;
            final boolean within = Math.abs(diff) <= ERROR_TARGET;
            if (within)
            {
                agree++;
            }
            final Analysis.Paired wallMine = a.paired(h);
            final Analysis.Paired wallTheirs = other.paired(h);
            final String wallDiff = wallMine == null || wallTheirs == null ? "-"
                : String.format(Locale.ROOT, "%s / %s (%+.1f%%)", ratio3(wallTheirs.value()), ratio3(wallMine.value()),
                    100 * (wallMine.value() / wallTheirs.value() - 1));
            rows.add(List.of(h.key(), ratio3(theirs), ratio3(mine), String.format(Locale.ROOT, "%+.1f%%", 100 * diff),
                within ? "yes" : "**no**", wallDiff));
        }
        if (compared == 0)
        {
            return;
        }
        final String summary = agree + " of " + compared + " headline ratios agree within ±5% with " + otherName;
        headline.add(0, "**Reproducibility**: " + summary + ".");
        doc.heading(2, "Against another run");
        doc.para(summary + " (the headline's ratios: paired CPU time where both runs have it, else paired wall clock, "
            + "else ratios of scores; the last column compares the paired wall-clock ratios):");
        doc.table(List.of("ratio", otherName, "this run", "difference", "within ±5%", "wall clock: other / this"), rows);
    }

    private static double headlineValue(final Analysis an, final Analysis.Headline h)
    {
        final Analysis.Paired pr = headlinePaired(an, h);
        if (pr != null)
        {
            return pr.value();
        }
        final Ratio r = an.ratio(h);
        return r == null ? Double.NaN : r.value();
    }

    /** " (median 2.31)" after a ratio of means, or nothing without raw data. */
    private static String medianNote(final Metric a, final Metric b)
    {
        final double m = Analysis.medianRatio(a, b);
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

package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.cell;
import static org.ioptstress.bench.report.Cells.params;
import static org.ioptstress.bench.report.Cells.percent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private final HeadlineTables tables;

    private ReportBuilder(final List<Result> results, final RunInfo info, final Path out, final List<Result> other,
        final String otherName)
    {
        this.a = new Analysis(results);
        this.info = info;
        this.out = out;
        this.plots = out.resolve("plots");
        this.tables = new HeadlineTables(a, headline, other == null ? null : new Analysis(other), otherName);
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
        doc.para("Headline ratios are design / " + REFERENCE + " from each design's fastest fork: each fork is scored "
            + "by its fastest iteration (noise on a shared machine only adds time), and the fastest fork of a design "
            + "is divided by the fastest fork of " + REFERENCE + " (interference that lasts tens of seconds, longer "
            + "than a fork, leaves some forks outside it; the default mode runs more forks where it bites), [in "
            + "brackets] its 95% interval (the exact bootstrap over half of each side's forks). The paired ratio, fork k of a "
            + "design over fork k of " + REFERENCE + " (in default mode they ran back to back, the designs of a figure "
            + "interleaved fork by fork), with its Student's t interval, is beside it in the next table. In the "
            + "tables below, ratios are of scores (means over every iteration of every fork), "
            + "design / " + REFERENCE + " and design / floor (the same path's bare lock sequence); ± is JMH's 99.9% "
            + "confidence half-width, propagated to ratios; \"median\" is the ratio of the medians of the iteration "
            + "scores. A crossover is the smallest swept value from which a design's confidence interval lies wholly "
            + "above " + REFERENCE + "'s at every larger value.");
        tables.ratios(doc);
        tables.compare(doc);
        for (final Doc section : parts)
        {
            doc.append(section);
        }
        new Allocation(a, plots, headline).write(doc);
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
            final IntSummaryStatistics forks = rs.stream().mapToInt(Result::forks).summaryStatistics();
            facts.add("**JMH**: 1.37, mode " + any.mode() + " (ns/op), forks " + (forks.getMin() == forks.getMax()
                ? String.valueOf(forks.getMax()) : forks.getMin() + " to " + forks.getMax() + " per parameter set") + ", warmup "
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
            new UnsweptFigure(a, plots, headline).write(f, doc);
        }
        else
        {
            for (final Part p : f.parts())
            {
                new SweptFigure(a, plots, headline).write(f, p, doc);
            }
        }
        return true;
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
}

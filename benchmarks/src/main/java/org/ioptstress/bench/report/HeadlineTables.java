package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.headlineValue;
import static org.ioptstress.bench.report.Cells.interval;
import static org.ioptstress.bench.report.Cells.ratio3;
import static org.ioptstress.bench.report.Cells.ratioCell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The headline ratios from paired forks (CPU time and wall clock), and beside another run's when there is one. */
final class HeadlineTables
{
    private final Analysis a;
    private final List<String> headline;
    /** Another run's results to compare the headline ratios with, or null. */
    private final Analysis other;
    private final String otherName;

    HeadlineTables(final Analysis a, final List<String> headline, final Analysis other, final String otherName)
    {
        this.a = a;
        this.headline = headline;
        this.other = other;
        this.otherName = otherName;
    }

    /** The table of headline ratios, paired CPU and wall clock. */
    void ratios(final Doc doc)
    {
        final List<Analysis.Headline> hs = a.headlines();
        if (hs.isEmpty())
        {
            return;
        }
        final List<List<String>> rows = new ArrayList<>();
        for (final Analysis.Headline h : hs)
        {
            final Stats.Paired pr = a.pairedCpu(h);
            final Stats.Paired wall = a.paired(h);
            final List<String> row = new ArrayList<>();
            row.add(h.key());
            if (pr == null)
            {
                row.addAll(List.of("-", "-", "-", "-", "-", "-"));
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
                final double fastest = a.fastestForksCpu(h);
                row.add(Double.isNaN(fastest) ? "-" : ratio3(fastest));
            }
            row.add(wall == null ? "-" : ratio3(wall.value()));
            row.add(wall == null ? "-" : interval(wall));
            row.add(wall == null || Double.isNaN(wall.low()) ? "-" : wall.excludesOne() ? "yes" : "no");
            row.add(ratioCell(a.ratio(h)));
            rows.add(row);
        }
        doc.heading(2, "Headline ratios (paired forks, 95% confidence)");
        doc.para("Each design against " + REFERENCE + " at both ends of each headline sweep, from CPU time per "
            + "operation (JMH profiler `org.ioptstress.bench.CpuTimeProfiler`: the benchmark thread's CPU time in the "
            + "iteration over the operations it ran, so time another process held the CPU is not counted) and "
            + "from wall-clock time. \"Excludes 1\": the interval lies wholly above (or below) 1, so the designs "
            + "differ at 95% confidence; \"no\" means this run cannot tell them apart. The last column is the ratio "
            + "of scores with JMH's propagated 99.9% error. The headline above quotes the CPU-time ratios. \"CPU: "
            + "fastest forks\" is each design's fastest fork over " + REFERENCE + "'s: some interference lasts longer "
            + "than a fork (the v7 scans of 256 accesses run 1.5x slower in episodes of tens of seconds, on either "
            + "CPU, which v8 does not feel), so pairing cannot cancel it; where the paired interval is wide, this "
            + "column is the figure that reproduces between runs.");
        doc.table(List.of("ratio", "CPU: paired", "95% CI", "half-width", "excludes 1", "forks", "CPU: fastest forks",
            "wall: paired",
            "95% CI", "excludes 1", "ratio of scores"), rows);
    }

    /** The headline ratios of this run beside another's, and how many agree within +-5%. */
    void compare(final Doc doc)
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
            final boolean within = Math.abs(diff) <= ReportBuilder.ERROR_TARGET;
            if (within)
            {
                agree++;
            }
            final Stats.Paired wallMine = a.paired(h);
            final Stats.Paired wallTheirs = other.paired(h);
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
}

package org.ioptstress.bench.report;

import org.ioptstress.stress.support.doc.Doc;
import static org.ioptstress.bench.report.Catalog.REFERENCE;
import static org.ioptstress.bench.report.Cells.headlineFastest;
import static org.ioptstress.bench.report.Cells.headlineValue;
import static org.ioptstress.bench.report.Cells.interval;
import static org.ioptstress.bench.report.Cells.ratio3;
import static org.ioptstress.bench.report.Cells.ratioCell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The headline ratios (each design's fastest fork over the reference's, the paired ratios beside it), and beside another
 * run's when there is one.
 */
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

    /** The table of headline ratios: the fastest forks' with its bootstrap interval, then the paired CPU and wall clock. */
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
            final Stats.Fastest fastest = headlineFastest(a, h);
            final Stats.Paired pr = a.pairedCpu(h);
            final Stats.Paired wall = a.paired(h);
            final List<String> row = new ArrayList<>();
            row.add(h.key());
            if (fastest == null)
            {
                row.addAll(List.of("-", "-", "-", "-", "-"));
            }
            else
            {
                row.add(ratio3(fastest.value()));
                row.add(interval(fastest));
                row.add(halfWidth(fastest));
                row.add(excludesOne(fastest));
                row.add(fastest.forks() == fastest.referenceForks() ? String.valueOf(fastest.forks())
                    : fastest.forks() + " / " + fastest.referenceForks());
            }
            row.add(pr == null ? "-" : ratio3(pr.value()));
            row.add(pr == null ? "-" : interval(pr));
            row.add(pr == null ? "-" : excludesOne(pr));
            row.add(wall == null ? "-" : ratio3(wall.value()));
            row.add(wall == null ? "-" : interval(wall));
            row.add(ratioCell(a.ratio(h)));
            rows.add(row);
        }
        doc.heading(2, "Headline ratios (95% confidence)");
        doc.para("Each design against " + REFERENCE + " at both ends of each headline sweep. **Fastest forks**, the "
            + "figure the headline quotes and `--compare` counts: each design's fastest fork over " + REFERENCE + "'s, "
            + "each fork scored by its fastest iteration, in CPU time per operation (JMH profiler "
            + "`org.ioptstress.bench.CpuTimeProfiler`: the benchmark thread's CPU time in the iteration over the "
            + "operations it ran, so time another process held the CPU is not counted; wall-clock time for results "
            + "without it). Some interference lasts longer than a fork (the v7 scans of 256 accesses run 1.5x slower "
            + "in episodes of tens of seconds, on either CPU, which v8 does not feel), so neither a fork's fastest "
            + "iteration nor pairing with " + REFERENCE + "'s fork can remove it; a fork outside an episode can, and "
            + "the campaign runs more forks where the episodes bite. Its interval is the exact bootstrap over each "
            + "side's forks, half as many drawn again with replacement, independently (m-out-of-n: the plain "
            + "bootstrap of a minimum is too narrow), 2.5% and 97.5% points: how far the ratio moves in a run that "
            + "missed a side's fastest forks; it cannot see a level faster than every fork measured. \"Excludes 1\": the interval lies wholly above (or below) 1, so the designs differ at 95% "
            + "confidence; \"no\" means this run cannot tell them apart. \"forks\": the design's, / " + REFERENCE
            + "'s when they differ. **Paired**: fork k of a design over fork k of " + REFERENCE + " (they ran back to "
            + "back), the geometric mean with a Student's t interval, in CPU and wall-clock time. The last column is "
            + "the ratio of scores with JMH's propagated 99.9% error.");
        doc.table(List.of("ratio", "fastest forks", "95% interval", "half-width", "excludes 1", "forks", "CPU: paired",
            "95% CI", "excludes 1", "wall: paired", "95% CI", "ratio of scores"), rows);
    }

    private static String halfWidth(final Stats.Interval r)
    {
        return Double.isNaN(r.low()) ? "-" : String.format(Locale.ROOT, "±%.1f%%", 100 * r.relativeHalfWidth());
    }

    private static String excludesOne(final Stats.Interval r)
    {
        return Double.isNaN(r.low()) ? "-" : r.excludesOne() ? (r.low() > 1 ? "yes (above)" : "yes (below)") : "no";
    }

    /** The paired ratio beside the headline's: CPU time, else wall clock, else null. */
    private static Stats.Paired paired(final Analysis an, final Analysis.Headline h)
    {
        final Stats.Paired cpu = an.pairedCpu(h);
        return cpu != null ? cpu : an.paired(h);
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
        int pairedAgree = 0;
        int pairedCompared = 0;
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
            final Stats.Paired pairedMine = paired(a, h);
            final Stats.Paired pairedTheirs = paired(other, h);
            String pairedDiff = "-";
            if (pairedMine != null && pairedTheirs != null)
            {
                final double d = pairedMine.value() / pairedTheirs.value() - 1;
                pairedCompared++;
                pairedAgree += Math.abs(d) <= ReportBuilder.ERROR_TARGET ? 1 : 0;
                pairedDiff = String.format(Locale.ROOT, "%s / %s (%+.1f%%)", ratio3(pairedTheirs.value()),
                    ratio3(pairedMine.value()), 100 * d);
            }
            rows.add(List.of(h.key(), ratio3(theirs), ratio3(mine), String.format(Locale.ROOT, "%+.1f%%", 100 * diff),
                within ? "yes" : "**no**", pairedDiff));
        }
        if (compared == 0)
        {
            return;
        }
        final String summary = agree + " of " + compared + " headline ratios agree within ±5% with " + otherName;
        headline.add(0, "**Reproducibility**: " + summary + ".");
        doc.heading(2, "Against another run");
        doc.para(summary + " (the headline's ratios: each design's fastest fork over " + REFERENCE + "'s, in CPU time "
            + "where both runs have it, else wall clock, else ratios of scores). The paired ratios beside them (CPU "
            + "time, else wall clock) agree on " + pairedAgree + " of " + pairedCompared + ":");
        doc.table(List.of("ratio", otherName, "this run", "difference", "within ±5%", "paired: other / this"), rows);
    }
}

package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ioptstress.stress.scenario.Outcome;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * Reads jcstress's result file ({@code jcstress-results-*.bin.gz}) with jcstress's own collectors and grades
 * each test with jcstress's own grading (the {@code @Outcome}s compiled into META-INF/TestList), merged over
 * its JVM configurations and forks, exactly as jcstress's reports do. The console is never parsed.
 */
public final class ResultReader
{
    private ResultReader()
    {
    }

    /** Every test in the file, by test name, merged across configurations. */
    public static Map<String, TestResult> load(final Path resultFile) throws IOException
    {
        return load(resultFile, false);
    }

    /**
     * {@link #load} of the file of a jcstress that was stopped mid-run ({@link Stop}): it ends mid-stream, and the
     * results before the cut are whole.
     */
    public static Map<String, TestResult> loadPartial(final Path resultFile) throws IOException
    {
        return load(resultFile, true);
    }

    private static Map<String, TestResult> load(final Path resultFile, final boolean cut) throws IOException
    {
        final Map<String, TestResult> byName = new HashMap<>();
        for (final TestResult r : ReportUtils.mergedByName(unmerged(resultFile, cut)))
        {
            byName.put(r.getName(), r);
        }
        return byName;
    }

    /**
     * {@link #load}, with a corrupt or truncated file (a fork killed while writing, a disk full) turned into one
     * line naming the file: a harness error (exit 3). The file of a jcstress that was {@code stopped} may end
     * mid-stream: the results before the cut are kept.
     */
    public static Map<String, TestResult> loadOrExplain(final Path resultFile, final boolean stopped)
    {
        try
        {
            return load(resultFile, stopped);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new InputError(Campaign.EXIT_HARNESS, "jcstress result file " + resultFile + " is corrupt or truncated ("
                + e.getClass().getSimpleName() + ": " + InputError.firstLine(e) + ")", e);
        }
    }

    /** How many forks (one result each, per JVM configuration) sampled each test. */
    public static Map<String, Integer> forkCounts(final Path resultFile) throws IOException
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final TestResult r : unmerged(resultFile, true))
        {
            counts.merge(r.getName(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<TestResult> unmerged(final Path resultFile, final boolean cut) throws IOException
    {
        final InProcessCollector collector = new InProcessCollector();
        final DiskReadCollector reader;
        try
        {
            reader = new DiskReadCollector(resultFile.toString(), collector);
        }
        catch (final java.io.EOFException e)
        {
            if (!cut)
            {
                throw e;
            }
            return List.of(); /* a jcstress stopped before its first result: not even the gzip header */
        }
        try
        {
            reader.dump();
        }
        catch (final ClassNotFoundException e)
        {
            throw new IOException("cannot read " + resultFile + ": " + e, e);
        }
        catch (final IOException e)
        {
            if (!cut)
            {
                throw e;
            }
            /* a jcstress stopped mid-run (Stop): its file ends mid-stream; the results before the cut are whole */
        }
        finally
        {
            reader.close();
        }
        return new java.util.ArrayList<>(collector.getTestResults());
    }

    /**
     * The failure the matrix names: a lock cycle or an oops before anything else (however rare: they are what a
     * kernel developer must see first, and lockdep's inversion usually outnumbers the deadlock it predicts), then
     * the most frequent.
     */
    private static int rank(final TestVerdict.Observed o)
    {
        return o.id().contains(" | deadlock: ") || o.id().startsWith(Outcome.FAIL + " oops ") ? 1 : 0;
    }

    /** Fills {@code v} from jcstress's result: samples, outcomes with expectations, verdict, failure, reports. */
    public static void grade(final TestVerdict v, final TestResult r)
    {
        v.samples = r.getTotalCount();
        if (r.status() != Status.NORMAL)
        {
            v.verdict = Verdict.ERROR;
            v.reason = "jcstress status " + r.status() + (r.getMessages().isEmpty() ? "" : ": " + r.getMessages().get(0));
        }
        final TestGrading grading = r.grading();
        for (final GradingResult g : grading.gradingResults.values())
        {
            final TestVerdict.Observed o = new TestVerdict.Observed(g.id, g.count, g.expect.name(), g.description);
            v.outcomes.add(o);
            if (g.count == 0)
            {
                continue;
            }
            if (o.forbidden() && (v.failure == null || rank(o) > rank(v.failure)
                || rank(o) == rank(v.failure) && g.count > v.failure.count()))
            {
                v.failure = o;
            }
            final int at = g.id.indexOf("reports=");
            if (at >= 0)
            {
                final String token = g.id.substring(at + "reports=".length()).split(" ")[0];
                if (!token.equals("none"))
                {
                    for (final String kind : token.split("\\+"))
                    {
                        v.reports.merge(kind, g.count, Long::sum);
                    }
                }
            }
            /* the Java judgement and jcstress's grading of it must agree, or the generated @Outcomes are wrong */
            if (g.id.startsWith(Outcome.OK + " ") || g.id.startsWith(Outcome.FAIL + " "))
            {
                final boolean javaOk = Outcome.parse(g.id).ok();
                if (javaOk == o.forbidden())
                {
                    v.verdict = Verdict.ERROR;
                    v.reason = "harness: jcstress graded '" + g.id + "' " + g.expect + " against the scenario's judgement";
                }
            }
        }
        if (v.verdict == Verdict.ERROR)
        {
            return;
        }
        if (v.samples == 0)
        {
            v.verdict = Verdict.ERROR;
            v.reason = "no samples";
            return;
        }
        v.verdict = grading.isPassed ? Verdict.OK : Verdict.FAILED;
        if (v.failure != null)
        {
            v.reason = v.failure.desc();
        }
    }
}

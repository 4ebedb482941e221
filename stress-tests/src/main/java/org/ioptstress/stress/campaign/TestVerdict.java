package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ioptstress.stress.jcstress.FirstFailure;

/** The verdict of one (design, scenario, engine) and everything the report says about it. */
public final class TestVerdict
{
    /** One observed (or declared, with count 0) outcome. */
    public record Observed(String id, long count, String expect, String desc)
    {
        public boolean forbidden()
        {
            return "FORBIDDEN".equals(expect);
        }
    }

    public final String design;
    public final String scenario;
    public final String engine;
    public final String testName;
    public final boolean negativeControl;
    public Verdict verdict = Verdict.SKIPPED;
    /** Why SKIPPED or ERROR; for FAILED the failing outcome in words. */
    public String reason = "";
    public long samples;
    public final List<Observed> outcomes = new ArrayList<>();
    /** Kernel report kinds seen in the observed outcomes, with the number of samples that showed each. */
    public final Map<String, Long> reports = new TreeMap<>();
    public Observed failure;
    public String expected = "OK";
    public String expectedNote = "";
    public boolean asExpected = true;
    /** Path of jcstress's own HTML page for this test, relative to the report. */
    public String jcstressPage;
    /** jcstress forks that sampled this test (the campaign's, plus {@code --first-failure-runs} repeats). */
    public int forks;
    /** Every fork's first failure, as the fork recorded it ({@link FirstFailure}). */
    public final List<FirstFailure.Record> firstFailures = new ArrayList<>();

    /** The second engine's verdict of the same pair, null when the model checker did not run. */
    public ModelCheckVerdict modelChecker;
    public String modelCheckerExpected = "OK";
    /** Why the model checker's verdict may differ from jcstress's: the explanation of a disagreement. */
    public String modelCheckerNote = "";
    public boolean modelCheckerAsExpected = true;

    public TestVerdict(final String design, final String scenario, final String engine, final String testName,
        final boolean negativeControl)
    {
        this.design = design;
        this.scenario = scenario;
        this.engine = engine;
        this.testName = testName;
        this.negativeControl = negativeControl;
    }

    /** Which engine found a failure: {@code both}, {@code jcstress}, {@code model checker}, or {@code neither}. */
    public String foundBy()
    {
        final boolean j = verdict == Verdict.FAILED;
        final boolean m = modelChecker != null && modelChecker.failed();
        return j && m ? "both" : j ? "jcstress" : m ? "model checker" : "neither";
    }

    /**
     * Both engines produced a verdict (neither SKIPPED nor ERROR) and the verdicts differ: the report must explain
     * it.
     */
    public boolean enginesDisagree()
    {
        return modelChecker != null && verdict.judged() && modelChecker.verdict().judged() && verdict != modelChecker.verdict();
    }

    /**
     * jcstress's median time to first failure in ms over its forks: a fork that never failed counts as longer than
     * any that did. -1 when no fork measured one or more than half of them never failed.
     */
    public long jcstressFirstFailureMedianMillis()
    {
        final long[] t = firstFailures.stream().mapToLong(FirstFailure.Record::millis).sorted().toArray();
        final int runs = Math.max(forks, t.length);
        if (t.length == 0)
        {
            return -1;
        }
        /* the runs' values: t sorted, then (runs - t.length) infinities */
        if (runs % 2 == 1)
        {
            final int mid = runs / 2;
            return mid < t.length ? t[mid] : -1;
        }
        final int hi = runs / 2;
        return hi < t.length ? (t[hi - 1] + t[hi]) / 2 : -1;
    }

    /** Frequency of the failing outcome among the samples, 0 without one. */
    public double failureFrequency()
    {
        return failure == null || samples == 0 ? 0 : (double)failure.count() / samples;
    }

    /** The failing outcome's label ("deadlock"), or the liveness outcome ("STALE"). */
    public String failureLabel()
    {
        if (failure == null)
        {
            return "";
        }
        final String id = failure.id();
        final int sep = id.indexOf(" | ");
        return id.startsWith("FAIL ") && sep > 0 ? id.substring(5, sep) : id;
    }
}

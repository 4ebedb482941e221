package org.ioptstress.stress.campaign;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ioptstress.stress.jcstress.FirstFailure;

/**
 * One (design, scenario) as the reports see it: both engines' results and the {@link Judge}'s judgement of each,
 * immutable. Built by the judge from the {@link TestVerdict} the engines filled in.
 *
 * @param engine          the first engine, {@code jcstress}
 * @param verdict         jcstress's verdict
 * @param reason          why SKIPPED or ERROR; for FAILED the failing outcome in words
 * @param outcomes        every observed (or declared, with count 0) outcome
 * @param reports         kernel report kinds seen in the observed outcomes, with the samples that showed each
 * @param failure         the failing outcome, or null
 * @param jcstressPage    jcstress's own HTML page for this test, relative to the report, or null
 * @param forks           jcstress forks that sampled this test
 * @param firstFailures   every fork's first failure ({@link FirstFailure})
 * @param modelChecker    the second engine's verdict, null when the model checker did not run
 * @param jcstressJudged  jcstress's verdict against the expectations file
 * @param modelCheckerJudged the model checker's verdict against the expectations file (OK and as expected when it did not run)
 */
public record PairVerdict(String design, String scenario, String engine, String testName, boolean negativeControl,
    Verdict verdict, String reason, long samples, List<TestVerdict.Observed> outcomes, Map<String, Long> reports,
    TestVerdict.Observed failure, String jcstressPage, int forks, List<FirstFailure.Record> firstFailures,
    ModelCheckVerdict modelChecker, Judgement jcstressJudged, Judgement modelCheckerJudged)
{
    /** What the expectations file says of one engine's verdict of the pair, and whether the verdict matches it. */
    public record Judgement(String expected, String note, boolean asExpected)
    {
        /** An engine that did not run, or a pair not judged yet: the default expectation, met. */
        public static final Judgement NONE = new Judgement("OK", "", true);
    }

    public PairVerdict
    {
        outcomes = List.copyOf(outcomes);
        reports = java.util.Collections.unmodifiableMap(new TreeMap<>(reports));
        firstFailures = List.copyOf(firstFailures);
    }

    /** The engines' results of {@code v}, frozen, with the two judgements. */
    static PairVerdict of(final TestVerdict v, final Judgement jcstress, final Judgement modelChecker)
    {
        return new PairVerdict(v.design, v.scenario, v.engine, v.testName, v.negativeControl, v.verdict, v.reason,
            v.samples, v.outcomes, v.reports, v.failure, v.jcstressPage, v.forks, v.firstFailures, v.modelChecker,
            jcstress, modelChecker);
    }

    public String expected()
    {
        return jcstressJudged.expected();
    }

    public String expectedNote()
    {
        return jcstressJudged.note();
    }

    public boolean asExpected()
    {
        return jcstressJudged.asExpected();
    }

    public String modelCheckerExpected()
    {
        return modelCheckerJudged.expected();
    }

    /** Why the model checker's verdict may differ from jcstress's: the explanation of a disagreement. */
    public String modelCheckerNote()
    {
        return modelCheckerJudged.note();
    }

    public boolean modelCheckerAsExpected()
    {
        return modelCheckerJudged.asExpected();
    }

    /** Which engine found a failure: {@code both}, {@code jcstress}, {@code model checker}, or {@code neither}. */
    public String foundBy()
    {
        final boolean j = verdict == Verdict.FAILED;
        final boolean m = modelChecker != null && modelChecker.failed();
        return j && m ? "both" : j ? "jcstress" : m ? "model checker" : "neither";
    }

    /** Both engines produced a verdict (OK or FAILED) and the verdicts differ: the report must explain it. */
    public boolean enginesDisagree()
    {
        return disagree(verdict, modelChecker);
    }

    static boolean disagree(final Verdict jcstress, final ModelCheckVerdict modelChecker)
    {
        return modelChecker != null && jcstress.judged() && modelChecker.verdict().judged() && jcstress != modelChecker.verdict();
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

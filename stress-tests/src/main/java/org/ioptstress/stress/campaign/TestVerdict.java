package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ioptstress.stress.jcstress.FirstFailure;

/**
 * One (design, scenario) while the engines run: jcstress's result and the model checker's verdict, filled in as
 * they arrive. The {@link Judge} freezes it, with its judgement, into the {@link PairVerdict} the reports read.
 */
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
    /** Path of jcstress's own HTML page for this test, relative to the report. */
    public String jcstressPage;
    /** jcstress forks that sampled this test (the campaign's, plus {@code --first-failure-runs} repeats). */
    public int forks;
    /** Every fork's first failure, as the fork recorded it ({@link FirstFailure}). */
    public final List<FirstFailure.Record> firstFailures = new ArrayList<>();

    /** The second engine's verdict of the same pair, null when the model checker did not run. */
    public ModelCheckVerdict modelChecker;

    public TestVerdict(final String design, final String scenario, final String engine, final String testName,
        final boolean negativeControl)
    {
        this.design = design;
        this.scenario = scenario;
        this.engine = engine;
        this.testName = testName;
        this.negativeControl = negativeControl;
    }
}

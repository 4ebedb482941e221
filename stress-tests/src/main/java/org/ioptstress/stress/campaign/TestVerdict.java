package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The verdict of one (design, scenario, engine) and everything the report says about it. */
public final class TestVerdict
{
    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
    /** The harness could not produce a verdict (jcstress error, timeout, VM crash). */
    public static final String ERROR = "ERROR";

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
    public String verdict = SKIPPED;
    /** Why SKIPPED or ERROR; for FAILED the failing outcome in words. */
    public String reason = "";
    public long samples;
    public final List<Observed> outcomes = new ArrayList<>();
    /** Kernel report kinds seen in the observed outcomes, with the number of samples that showed each. */
    public final Map<String, Long> reports = new TreeMap<>();
    public Observed failure;
    public String expected = OK;
    public String expectedNote = "";
    public boolean asExpected = true;
    /** Path of jcstress's own HTML page for this test, relative to the report. */
    public String jcstressPage;

    public TestVerdict(final String design, final String scenario, final String engine, final String testName,
        final boolean negativeControl)
    {
        this.design = design;
        this.scenario = scenario;
        this.engine = engine;
        this.testName = testName;
        this.negativeControl = negativeControl;
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

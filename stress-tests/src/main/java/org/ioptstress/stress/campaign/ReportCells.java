package org.ioptstress.stress.campaign;

import java.util.Locale;

import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenarios;

/** The words of the report's cells for one judged pair: a verdict, a time to first failure, which engine was sooner. */
final class ReportCells
{
    private ReportCells()
    {
    }

    static String cell(final PairVerdict v)
    {
        final String mark = (v.asExpected() ? "" : " (!)") + (v.negativeControl() ? " (nc)" : "");
        switch (v.verdict())
        {
            case OK:
                return "OK" + mark;
            case FAILED:
                return "FAILED " + v.failureLabel() + " " + pct(v.failureFrequency()) + mark;
            case SKIPPED:
                return EnginePlan.notOnThisEngine(v.reason()) ? "n/a" + (v.negativeControl() ? " (nc)" : "") : "skipped";
            case NOT_RUN:
                return "not run" + mark;
            default:
                return "ERROR" + mark;
        }
    }

    /** The model checker's part of a matrix cell, empty when it did not run. */
    static String mcCell(final PairVerdict v)
    {
        final ModelCheckVerdict mc = v.modelChecker();
        if (mc == null)
        {
            return "";
        }
        final String mark = v.modelCheckerAsExpected() ? "" : " (!)";
        switch (mc.verdict())
        {
            case OK:
                return "OK " + (mc.exhaustive() ? "all " : "") + mc.invocations() + mark;
            case FAILED:
                return "FAILED " + mc.label() + " @" + mc.invocations() + mark;
            case SKIPPED:
                return notOnThisEngine(mc) ? "n/a" : "skipped";
            case NOT_RUN:
                return "not run" + mark;
            default:
                return "ERROR" + mark;
        }
    }

    /** SKIPPED because the scenario is not one for the model checker (its reason says why), not for the design. */
    static boolean notOnThisEngine(final ModelCheckVerdict mc)
    {
        return mc != null && mc.verdict() == Verdict.SKIPPED && mc.reason() != null
            && mc.reason().startsWith(ModelChecker.NOT_ON_THIS_ENGINE);
    }

    static String millis(final long ms)
    {
        return ms < 0 ? "-" : ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** jcstress's time to first failure: the median over forks, with how many forks failed. */
    static String jcstressFirstFailure(final PairVerdict v)
    {
        if (v.verdict() != Verdict.FAILED)
        {
            return v.verdict() == Verdict.OK ? "not found in " + v.samples() + " trials"
                : EnginePlan.notOnThisEngine(v.reason()) ? "not run on this engine" : v.verdict().name().toLowerCase(Locale.ROOT);
        }
        if (v.firstFailures().isEmpty())
        {
            return "not measured" + (Scenarios.byId(v.scenario()).liveness() ? " (STALE is judged by jcstress)" : "");
        }
        final long median = v.jcstressFirstFailureMedianMillis();
        return (median < 0 ? "> run" : millis(median)) + " (" + v.firstFailures().size() + "/" + Math.max(v.forks(), v.firstFailures().size())
            + " forks)";
    }

    /** The model checker's time to first failure: the median over its explorations. */
    static String modelCheckerFirstFailure(final PairVerdict v)
    {
        final ModelCheckVerdict mc = v.modelChecker();
        if (mc == null || !mc.failed())
        {
            return mc == null ? "not run" : mc.verdict() == Verdict.OK ? "not found in " + mc.invocations()
                + " interleavings" : notOnThisEngine(mc) ? "not run on this engine" : mc.verdict().name().toLowerCase(Locale.ROOT);
        }
        return millis(mc.timeToFailureMillis()) + " (interleaving " + mc.invocations() + ", " + mc.runs() + " run"
            + (mc.runs() == 1 ? "" : "s") + ")";
    }

    /** Which engine found the first failure sooner, by how much. */
    static String faster(final PairVerdict v)
    {
        final boolean jf = v.verdict() == Verdict.FAILED;
        final boolean mf = v.modelChecker() != null && v.modelChecker().failed();
        if (jf != mf)
        {
            final boolean otherRan = jf ? !notOnThisEngine(v.modelChecker()) : !EnginePlan.notOnThisEngine(v.reason());
            return (jf ? "jcstress" : "model checker") + (otherRan ? " only" : " (the only engine run)");
        }
        final long j = jf ? v.jcstressFirstFailureMedianMillis() : -1;
        final long m = mf ? v.modelChecker().timeToFailureMillis() : -1;
        if (j < 0 || m < 0)
        {
            return "-";
        }
        final double ratio = (double)Math.max(j, 1) / Math.max(m, 1);
        return ratio >= 1 ? String.format(Locale.ROOT, "model checker, %.1fx", ratio)
            : String.format(Locale.ROOT, "jcstress, %.1fx", 1 / ratio);
    }

    static String pct(final double f)
    {
        if (f == 0)
        {
            return "0%";
        }
        return f >= 0.001 ? String.format(Locale.ROOT, "%.1f%%", f * 100) : String.format(Locale.ROOT, "%.3f%%", f * 100);
    }
}

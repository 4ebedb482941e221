package org.ioptstress.stress.campaign;

import java.util.Set;

import org.ioptstress.design.Designs;
import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;

/**
 * Which engine judges a (scenario, design) pair, and why the other one does not. Both engines run every pair,
 * except:
 * <ul>
 * <li>a scenario that declares an engine does not apply ({@link Scenario#notRunOn}): on every design, every mode;</li>
 * <li>jcstress: a scenario of more actors than the campaign's CPUs (jcstress refuses it);</li>
 * <li>the model checker in quick mode ({@link #QUICK_RULE}): only the pairs jcstress does not judge. jcstress finds
 * every failure it finds in under 1 s (the report's time-to-first-failure table), the model checker's 25
 * interleavings took 4 of the quick campaign's 12 minutes to confirm them; default and tough run both engines
 * everywhere.</li>
 * <li>a negative control in quick mode ({@link #QUICK_CONTROLS_RULE}), on either engine: only where its expectation
 * for that engine is exactly FAILED (a control that bites "wherever its broken path runs", {@code OK|FAILED}, or
 * passes, {@code OK}, proves nothing a quick run needs); real patches and candidate fixes run everywhere.</li>
 * </ul>
 * A pair an engine leaves is SKIPPED with a reason that starts {@link ModelChecker#NOT_ON_THIS_ENGINE}: 'n/a' in
 * the matrix, never judged, listed in the report's "Not run on an engine" section.
 */
public final class EnginePlan
{
    /** The quick mode's rule, as the report's header and the not-run section state it. */
    public static final String QUICK_RULE = "quick mode: the model checker runs only the pairs jcstress does not"
        + " (more actors than CPUs, scenarios not on jcstress); jcstress judges the rest (default and tough: both engines)";

    /** Quick mode's rule for the negative controls, as the report, the shard plan and {@code list modes} state it. */
    public static final String QUICK_CONTROLS_RULE = "quick mode runs a negative control only where it must fail"
        + " (expected exactly FAILED); --mode default runs it here";

    private static final Set<String> FAILED = Set.of(Verdict.FAILED.name());

    private EnginePlan()
    {
    }

    /** Why jcstress does not run {@code s} with {@code cpus} CPUs, or null when it does. */
    public static String jcstressSkips(final Scenario s, final int cpus)
    {
        final String notHere = s.notRunOn(Scenario.JCSTRESS);
        if (notHere != null)
        {
            return ModelChecker.NOT_ON_THIS_ENGINE + notHere;
        }
        if (s.actors() > cpus)
        {
            return "needs " + s.actors() + " CPUs, machine has " + cpus
                + (s.coveredBy().isEmpty() ? "" : "; its pairs run as " + String.join(", ", s.coveredBy()));
        }
        return null;
    }

    /**
     * Why the model checker leaves {@code s} to jcstress under the quick rule (jcstress running on {@code cpus}
     * CPUs), or null when the model checker runs it.
     */
    public static String quickLeavesToJcstress(final Scenario s, final int cpus)
    {
        return jcstressSkips(s, cpus) == null ? ModelChecker.NOT_ON_THIS_ENGINE + QUICK_RULE : null;
    }

    /** Whether {@code reason} (a SKIPPED verdict's) says the engine does not apply, rather than the design. */
    public static boolean notOnThisEngine(final String reason)
    {
        return reason != null && reason.startsWith(ModelChecker.NOT_ON_THIS_ENGINE);
    }

    /**
     * Why {@code mode} leaves {@code design} on a pair whose expectation for the engine is {@code expected} (the most
     * specific entry of expected-verdicts.properties: {@link Expectations#of}, {@link Expectations#ofModelChecker}),
     * or null when it runs it: quick mode runs a negative control only where that entry is exactly FAILED.
     */
    public static String quickSkipsControl(final Mode mode, final String design, final Expectations.Entry expected)
    {
        if (mode != Mode.QUICK || expected.verdicts().equals(FAILED) || !negativeControl(design))
        {
            return null;
        }
        return ModelChecker.NOT_ON_THIS_ENGINE + QUICK_CONTROLS_RULE;
    }

    /** Why {@code mode} leaves unit {@code u} (a negative control where it need not fail), or null. */
    public static String quickSkipsControl(final Mode mode, final Expectations expectations, final Unit u)
    {
        return quickSkipsControl(mode, u.design(), u.jcstress() ? expectations.of(u.design(), u.scenario())
            : expectations.ofModelChecker(u.design(), u.scenario()));
    }

    /**
     * Why the campaign's plan in {@code mode}, jcstress on {@code cpus} CPUs, does not run unit {@code u}, or null when
     * it does: the scenario's declaration, too many actors for jcstress, quick mode's model checker where jcstress
     * runs, quick mode's negative controls: what the engines apply ({@link Campaign}; {@code ModelCheck} through
     * {@link #quickLeavesToModelChecker}, the quick plan said once). The shard plan reads only
     * {@link #quickSkipsControl}, which does not depend on the CPUs (every shard plans alike).
     */
    public static String notRun(final Mode mode, final int cpus, final Expectations expectations, final Unit u)
    {
        if (Scenarios.ids().contains(u.scenario()))
        {
            final Scenario s = Scenarios.byId(u.scenario());
            if (u.jcstress())
            {
                final String notHere = jcstressSkips(s, cpus);
                return notHere != null ? notHere : quickSkipsControl(mode, expectations, u);
            }
            final String notOnMc = s.notRunOn(Scenario.MODEL_CHECKER);
            if (notOnMc != null)
            {
                return ModelChecker.NOT_ON_THIS_ENGINE + notOnMc;
            }
            return mode == Mode.QUICK ? quickLeavesToModelChecker(cpus, expectations, s, u.design()) : null;
        }
        return quickSkipsControl(mode, expectations, u);
    }

    /**
     * Why quick mode's plan leaves the model checker's pair ({@code s}, {@code design}), or null when the model
     * checker explores it: the pair is jcstress's when jcstress runs {@code s} on {@code cpus} CPUs
     * ({@link #QUICK_RULE}; 0: no such rule), a negative control runs only where {@code controls} expects exactly
     * FAILED of the model checker ({@link #QUICK_CONTROLS_RULE}; null: no such rule). The campaign asks it through
     * {@link #notRun}, the model checker's own process with its {@code --leave-to-jcstress CPUS} and
     * {@code --quick-controls FILE} (ModelCheck.leftByPlan): one plan.
     */
    public static String quickLeavesToModelChecker(final int cpus, final Expectations controls, final Scenario s,
        final String design)
    {
        final String left = cpus > 0 ? quickLeavesToJcstress(s, cpus) : null;
        if (left != null || controls == null)
        {
            return left;
        }
        return quickSkipsControl(Mode.QUICK, design, controls.ofModelChecker(design, s.id()));
    }

    /** Whether {@code design} is registered with the negative-control role (an unknown name is not). */
    static boolean negativeControl(final String design)
    {
        return Designs.all().stream().anyMatch(d -> d.name().equals(design) && d.negativeControl());
    }
}

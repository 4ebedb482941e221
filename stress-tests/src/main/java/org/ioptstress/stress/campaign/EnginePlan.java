package org.ioptstress.stress.campaign;

import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;

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
 * </ul>
 * A pair an engine leaves is SKIPPED with a reason that starts {@link ModelChecker#NOT_ON_THIS_ENGINE}: 'n/a' in
 * the matrix, never judged, listed in the report's "Not run on an engine" section.
 */
public final class EnginePlan
{
    /** The quick mode's rule, as the report's header and the not-run section state it. */
    public static final String QUICK_RULE = "quick mode: the model checker runs only the pairs jcstress does not"
        + " (more actors than CPUs, scenarios not on jcstress); jcstress judges the rest (default and tough: both engines)";

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
}

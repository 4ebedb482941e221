package org.ioptstress.stress.campaign;

/**
 * The verdict of one (design, scenario) on one engine, the same for jcstress, the model checker, the judge and
 * the reports. JSON files carry its {@link #name()}.
 */
public enum Verdict
{
    /** Every sample (every interleaving) ended in an allowed outcome. */
    OK,
    /** A forbidden outcome was seen: a kernel report, a wrong state, a hang. */
    FAILED,
    /** The engine does not apply (too few CPUs, a scenario not for this engine). */
    SKIPPED,
    /** The harness could not produce a verdict (jcstress error, timeout, VM crash, no result file). */
    ERROR,
    /**
     * Nobody ran this unit: another shard's, a shard that never reported, or a campaign stopped before it. Fails
     * the campaign (exit 1) until a merge or {@code --resume} supplies it.
     */
    NOT_RUN;

    /** OK or FAILED: a verdict on the design, which the expectations judge and the engines can disagree on. */
    public boolean judged()
    {
        return this == OK || this == FAILED;
    }

    /** The verdict a JSON file names; null stays null. Bad names: IllegalArgumentException, one line. */
    public static Verdict of(final String name)
    {
        if (name == null)
        {
            return null;
        }
        try
        {
            return valueOf(name);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("unknown verdict '" + name + "' (OK, FAILED, SKIPPED, ERROR, NOT_RUN)");
        }
    }
}

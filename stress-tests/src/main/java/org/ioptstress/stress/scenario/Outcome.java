package org.ioptstress.stress.scenario;

/**
 * What one trial of a {@link Scenario} ended in, judged once, in Java: {@code "OK <label> | <details>"} or
 * {@code "FAIL <label> | <details>"}. The label names the interleaving or the failure ("unmap-won",
 * "rejected-legal-unmap"); the details carry every actor's errno and the state after the race (areas,
 * num_accesses / num_locks, refcounts, the kernel's reports, what close() left). Engines never re-judge: jcstress
 * grades the string with regexes generated from {@link Scenario#cases()}, a model checker asserts {@link #ok()}.
 *
 * @param ok      the outcome is correct kernel behaviour
 * @param label   one of the scenario's declared {@link Case} labels
 * @param details actor results and post-race state, stable enough to be counted as one jcstress outcome
 */
public record Outcome(boolean ok, String label, String details)
{
    public static final String OK = "OK";
    public static final String FAIL = "FAIL";
    /** Separates the verdict and label from the details. */
    public static final String SEPARATOR = " | ";

    public String verdict()
    {
        return ok ? OK : FAIL;
    }

    /** Parses {@link #toString()} back (the campaign reads outcome strings from jcstress results). */
    public static Outcome parse(final String text)
    {
        final int sp = text.indexOf(' ');
        final int sep = text.indexOf(SEPARATOR);
        if (sp < 0 || sep < sp)
        {
            return new Outcome(false, "unparsed", text);
        }
        final String verdict = text.substring(0, sp);
        return new Outcome(OK.equals(verdict), text.substring(sp + 1, sep), text.substring(sep + SEPARATOR.length()));
    }

    @Override
    public String toString()
    {
        return verdict() + " " + label + SEPARATOR + details;
    }
}

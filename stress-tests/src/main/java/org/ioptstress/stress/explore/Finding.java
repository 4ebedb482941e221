package org.ioptstress.stress.explore;

/**
 * A distinct finding: on {@code design}, oracle {@code oracle} ({@code report}, {@code errno}, {@code state},
 * {@code invariant}, {@code release}) fired with dedup key {@code key} (report kind and kernel function, the
 * differing call and errnos, the invariant without its numbers). {@code program} is the first program that
 * showed it, {@code minimized} its shrunk reproducer (null until shrunk).
 */
public final class Finding
{
    public final String design;
    public final String oracle;
    public final String key;
    public final String text;
    public final Program program;
    public final long programNumber;
    public final double secondsToFind;
    public Program minimized;
    public int minimizedCall;
    public String minimizedText;
    public double shrinkSeconds;
    public boolean negativeControl;
    /** 0 for a sequential program; else the number of actors at its end that ran on their own threads. */
    public int threads;
    public int hits = 1;
    /** For a model-checker finding: the failing interleaving (condensed Lincheck trace), else null. */
    public String interleaving;
    /** For a model-checker finding: the command that explores its program again, else null. */
    public String replay;

    public Finding(final String design, final String oracle, final String key, final String text, final Program program,
        final long programNumber, final double secondsToFind)
    {
        this.design = design;
        this.oracle = oracle;
        this.key = key;
        this.text = text;
        this.program = program;
        this.programNumber = programNumber;
        this.secondsToFind = secondsToFind;
    }

    /** design.oracle.key: the dedup identity, and the key of a recorded difference. */
    public String signature()
    {
        return signature(design, oracle, key);
    }

    public static String signature(final String design, final String oracle, final String key)
    {
        return design + "." + oracle + "." + key;
    }

    @Override
    public String toString()
    {
        return signature() + ": " + text;
    }
}

package org.ioptstress.stress.modelcheck;

import java.util.Locale;

/**
 * How many interleavings the model checker tries per (scenario, design) pair. Lincheck's exploration is
 * deterministic (its scheduler's random generator has a fixed seed), so a larger budget explores a superset of a
 * smaller one; it stops early, and says so ({@link Exploration#exhaustive()}), when it has tried every interleaving
 * at its switch points.
 */
public enum Budget
{
    /** The quick campaign: every pair in a few seconds on 2 CPUs. */
    QUICK(100),
    /** The default campaign. */
    DEFAULT(500),
    /** {@code --mode tough}: before a verdict is quoted upstream. */
    TOUGH(5_000);

    private final int invocations;

    Budget(final int invocations)
    {
        this.invocations = invocations;
    }

    /** Interleavings (Lincheck invocations) tried per pair at most. */
    public int invocations()
    {
        return invocations;
    }

    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Budget of(final String id)
    {
        for (final Budget b : values())
        {
            if (b.id().equals(id))
            {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown budget '" + id + "': quick, default, tough");
    }
}

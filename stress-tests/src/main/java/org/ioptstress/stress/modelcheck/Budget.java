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
    /** CI's pass over every pair ({@code --mode sanity}): one interleaving, to show each pair runs under the engine. */
    SANITY(1),
    /**
     * The quick campaign: 35-55 ms per interleaving of a two-actor scenario on an idle 2-CPU machine (C1-only JVMs,
     * {@link ModelCheck#JVM_OPTIONS}, the kernel's locks as monitors, see {@link ModelChecker}; 69-173 ms before both,
     * measured side by side); map-vs-unmap-identical about as much since its map sleeps between retries there (it was
     * 10-20 times that). Every deliberate control fails within it; a scenario's delay points
     * are explored first as a guided schedule ({@link ModelChecker#GUIDED_INVOCATIONS}); a known failure found later
     * would raise its pair's budget ({@link org.ioptstress.stress.scenario.Scenario#modelCheckerAtLeast}, none today)
     * or is recorded in expected-verdicts.properties ({@code model-checker:} entries).
     */
    QUICK(25),
    /** The default campaign. */
    DEFAULT(100),
    /** {@code --mode tough}: before a verdict is quoted upstream. */
    TOUGH(1_000);

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
        throw new IllegalArgumentException("unknown budget '" + id + "': sanity, quick, default, tough");
    }
}

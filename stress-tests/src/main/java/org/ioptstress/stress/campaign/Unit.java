package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's unit of work: one engine's verdict of one (design, scenario) pair. The unit of sharding, stop and
 * resume: jcstress runs a shard's jcstress units in one invocation, the model checker its model-checker units in
 * one; the two units of a pair may be in different shards.
 */
public record Unit(String design, String scenario, String engine)
{
    public static final String JCSTRESS = "jcstress";
    public static final String MODEL_CHECKER = "model-checker";

    /** {@code scenario/design/engine}: unique, and the order the report uses. */
    public String key()
    {
        return scenario + "/" + design + "/" + engine;
    }

    public boolean jcstress()
    {
        return JCSTRESS.equals(engine);
    }

    /** Every unit of a selection in report order (scenario-major, then design, jcstress before the model checker). */
    public static List<Unit> all(final List<String> designs, final List<String> scenarios, final boolean modelCheck)
    {
        final List<Unit> units = new ArrayList<>();
        for (final String s : scenarios)
        {
            for (final String d : designs)
            {
                units.add(new Unit(d, s, JCSTRESS));
                if (modelCheck)
                {
                    units.add(new Unit(d, s, MODEL_CHECKER));
                }
            }
        }
        return units;
    }

    @Override
    public String toString()
    {
        return design + " / " + scenario + " (" + (jcstress() ? "jcstress" : "model checker") + ")";
    }
}

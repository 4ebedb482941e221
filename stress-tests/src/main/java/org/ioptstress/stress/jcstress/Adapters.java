package org.ioptstress.stress.jcstress;

import java.util.concurrent.ConcurrentHashMap;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;

/**
 * Lookups the generated jcstress tests share: one {@link Scenario} and one {@link Design} instance per test
 * class, resolved once (designs hold no per-trial state), and the jcstress test name of a (scenario, design).
 */
public final class Adapters
{
    /** Package of the generated tests. */
    public static final String PACKAGE = "org.ioptstress.stress.jcstress";
    private static final ConcurrentHashMap<String, Design> DESIGNS = new ConcurrentHashMap<>();

    private Adapters()
    {
    }

    public static Scenario scenario(final String id)
    {
        return Scenarios.byId(id);
    }

    public static Design design(final String name)
    {
        return DESIGNS.computeIfAbsent(name, Designs::byName);
    }

    /** Outer class (the race) of the generated tests of {@code scenario}. */
    public static String outerClass(final Scenario scenario)
    {
        return scenario.hazard();
    }

    /** Nested class (the design) of one generated test. */
    public static String nestedClass(final String design)
    {
        return Scenario.camel(design);
    }

    /** The jcstress test name (its -t selector and result key), e.g. {@code ...jcstress.UnmapVsMdevClose.V8}. */
    public static String testName(final Scenario scenario, final String design)
    {
        return PACKAGE + "." + outerClass(scenario) + "." + nestedClass(design);
    }
}

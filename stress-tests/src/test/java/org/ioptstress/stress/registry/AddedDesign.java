package org.ioptstress.stress.registry;

import org.ioptstress.design.UpstreamNotifyFix;

/**
 * A design as a newcomer adds one: one class, a diff against its parent (here none: it only has a name), listed
 * in a services file ({@link WithAddedDesign} writes that line for the test, so no other test sees it).
 */
public class AddedDesign extends UpstreamNotifyFix
{
    public static final String NAME = "test-added-design";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String summary()
    {
        return "a design added as one class by NewDesignReachesEveryEngineTest";
    }
}

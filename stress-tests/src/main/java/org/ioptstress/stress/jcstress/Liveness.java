package org.ioptstress.stress.jcstress;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * The jcstress state of a liveness scenario (Mode.Termination): actor 0 is the {@code @Actor} that must
 * return, actor 1 the {@code @Signal} jcstress runs while it is in flight. A trial that does not return within
 * jcstress's timeout is STALE. Termination tests have no arbiter, so the trial is never closed.
 */
public abstract class Liveness
{
    private final Trial trial;

    protected Liveness(final Scenario scenario, final Design design)
    {
        this.trial = scenario.newTrial(design);
    }

    protected final void actor0()
    {
        trial.run(0);
    }

    protected final void signal()
    {
        trial.run(1);
    }
}

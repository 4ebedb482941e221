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

    /**
     * A hung-task detector that ended the actor's wait, or an oops, is not a return: it is thrown on, so jcstress
     * records ERROR (forbidden) instead of TERMINATED.
     */
    protected final void actor0()
    {
        if (trial.run(0) == Trial.THREW && (trial.hung() || trial.oopsed()))
        {
            throw new IllegalStateException("did not return: " + (trial.oopsed() ? "oops" : "hung task"), trial.thrown());
        }
    }

    protected final void signal()
    {
        trial.run(1);
    }
}

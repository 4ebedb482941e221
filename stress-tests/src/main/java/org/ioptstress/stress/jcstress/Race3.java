package org.ioptstress.stress.jcstress;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Outcome;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/** {@link Race2} for three actors (jcstress schedules it only on machines with 3 or more CPUs). */
public abstract class Race3
{
    private final Trial trial;
    private int rc0;
    private int rc1;
    private int rc2;

    protected Race3(final Scenario scenario, final Design design)
    {
        this.trial = scenario.newTrial(design);
        FirstFailure.trialBuilt(getClass());
    }

    protected final void actor0()
    {
        rc0 = trial.run(0);
    }

    protected final void actor1()
    {
        rc1 = trial.run(1);
    }

    protected final void actor2()
    {
        rc2 = trial.run(2);
    }

    protected final String outcome()
    {
        final Outcome o = trial.finish(new int[] {rc0, rc1, rc2});
        FirstFailure.judged(getClass(), o);
        return o.toString();
    }
}

package org.ioptstress.stress.jcstress;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Outcome;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * The jcstress state of a two-actor scenario: one {@link Trial} per state object, so jcstress builds the fixture
 * in the state's constructor, runs {@code actor0()} and {@code actor1()} on two threads, and the arbiter reports
 * {@link Trial#finish}'s judgement. Generated subclasses only name the actor methods.
 */
public abstract class Race2
{
    private final Trial trial;
    private int rc0;
    private int rc1;

    protected Race2(final Scenario scenario, final Design design)
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

    /** The arbiter's outcome: {@code "OK <label> | details"} or {@code "FAIL <label> | details"}. */
    protected final String outcome()
    {
        final Outcome o = trial.finish(new int[] {rc0, rc1});
        FirstFailure.judged(getClass(), o);
        return o.toString();
    }
}

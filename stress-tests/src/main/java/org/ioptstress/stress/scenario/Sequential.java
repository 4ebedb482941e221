package org.ioptstress.stress.scenario;

import org.ioptstress.iommufd.Design;

/**
 * The simplest engine: one trial with its actors run one after another, in a given order, on the calling
 * thread. Every sequential order is an interleaving a correct kernel must handle, so every one must be OK on a
 * correct design; unit tests and a model checker's sanity pass start here.
 */
public final class Sequential
{
    private Sequential()
    {
    }

    /** Runs {@code scenario} on {@code design} with actors in {@code order} (a permutation of actor indexes). */
    public static Outcome run(final Scenario scenario, final Design design, final int... order)
    {
        final Trial trial = scenario.newTrial(design);
        final int[] rc = new int[scenario.actors()];
        for (final int index : order)
        {
            rc[index] = trial.run(index);
        }
        return trial.finish(rc);
    }
}

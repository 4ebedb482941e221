package org.ioptstress.stress.campaign;

import java.io.IOException;

/**
 * One engine of the campaign over this run's pairs (jcstress, the model checker) or a run beside them (the bench,
 * the explorer): it fills its results into the campaign's {@link Campaign.Result}; the {@link Judge} and the
 * report come after. {@link Campaign} drives them in order.
 */
interface EngineRunner
{
    /** The engine's name ({@link Unit#JCSTRESS}, {@link Unit#MODEL_CHECKER}, {@code bench}, {@code explore}). */
    String engine();

    /** Runs the engine, filling in its results. */
    void run(Campaign.Result result) throws IOException, InterruptedException;
}

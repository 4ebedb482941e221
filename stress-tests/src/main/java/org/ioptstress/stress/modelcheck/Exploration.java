package org.ioptstress.stress.modelcheck;

import org.ioptstress.stress.scenario.Outcome;

/**
 * What one model-checking run of a (scenario, design) pair found.
 *
 * @param scenario        scenario id
 * @param design          design name
 * @param actors          threads in the race
 * @param negativeControl the design is one of the scenario's negative controls (it is expected to FAIL)
 * @param verdict         OK, FAILED, SKIPPED or ERROR
 * @param label           the failing outcome's label ({@code deadlock}, {@code notify-leaked-ref}, ...),
 *                        {@code hung} when an actor never returned; null unless FAILED
 * @param reason          one line: the failing outcome, the hang, why skipped, the engine error; null when OK
 * @param budget          interleavings the run was allowed
 * @param invocations     interleavings tried: up to and including the failing one when FAILED
 * @param exhaustive      OK after trying every interleaving at Lincheck's switch points (fewer than the budget)
 * @param millis          wall time of the run, including Lincheck's replay of a failure to print its trace
 * @param detectedMillis  wall time until the failing interleaving was judged (FAILED on an outcome), or -1
 * @param outcome         the failing trial's outcome (null for OK, a hang, SKIPPED, ERROR)
 * @param lincheck        Lincheck's failure text (MBs: the full interleaving), or null
 */
public record Exploration(
    String scenario,
    String design,
    int actors,
    boolean negativeControl,
    Verdict verdict,
    String label,
    String reason,
    int budget,
    int invocations,
    boolean exhaustive,
    long millis,
    long detectedMillis,
    Outcome outcome,
    String lincheck)
{
    /** A model-checking verdict. */
    public enum Verdict
    {
        /** No explored interleaving produced a FAIL outcome or a hang. */
        OK,
        /** An interleaving produced a FAIL outcome, or an actor never returned. */
        FAILED,
        /** Not run: the fixture cannot be built on this design, or the scenario is not one for this engine. */
        SKIPPED,
        /** The engine failed (a Lincheck error, an exception outside the trial). */
        ERROR
    }

    public boolean failed()
    {
        return verdict == Verdict.FAILED;
    }
}

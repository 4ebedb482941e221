/**
 * The second engine: the stress scenarios under Lincheck's model checker.
 *
 * <p>jcstress samples the interleavings real hardware produces; on a 2-CPU machine it cannot run a three-actor
 * race at all, and a window between a lock drop and a re-take may need billions of samples. Lincheck 3.7's model
 * checker ({@code Lincheck.runConcurrentTest}) runs the actors itself, one at a time, and switches between them at
 * lock operations, parks and shared-field accesses, exploring those interleavings systematically on any number of
 * CPUs; a failure comes with the interleaving, step by step.
 *
 * <p>Nothing here re-states a race. {@link org.ioptstress.stress.modelcheck.ModelChecker} drives the same
 * {@link org.ioptstress.stress.scenario.Scenario} objects the jcstress tests are generated from, through the same
 * protocol ({@code newTrial}, {@code run(i)} per actor thread, {@code finish}), and takes the verdict from the
 * same {@link org.ioptstress.stress.scenario.Outcome}: errnos, state after the race, the simulated kernel's
 * reports. The only engine-specific verdict is {@code hung}: an actor that never returns.
 *
 * <ul>
 * <li>{@link org.ioptstress.stress.modelcheck.ModelCheck}: the command line (verdicts in {@code model-check.json},
 * one trace file per failure, time to first failure over repeats);</li>
 * <li>{@link org.ioptstress.stress.modelcheck.ModelChecker}: one (scenario, design) exploration;</li>
 * <li>{@code Guide}: the guided schedule of a scenario with delay points, explored first: at a delay point the
 * actor lets another one run until it sleeps or returns (the switch the window needs, made by the program);</li>
 * <li>{@link org.ioptstress.stress.modelcheck.TraceFiles}: the failing interleaving, condensed for a kernel
 * developer, with the command that replays it.</li>
 * </ul>
 */
package org.ioptstress.stress.modelcheck;

/**
 * The scenario API, shared by both engines: a {@link org.ioptstress.stress.scenario.Scenario} builds a
 * {@link org.ioptstress.stress.scenario.Trial} (a process of the fixture kit, {@code org.ioptstress.fixture.Proc}: a
 * fresh {@code IommufdCtx} on a debug kernel with the design under test, with the kit's drivers), runs one actor per
 * thread and judges the result as an {@link org.ioptstress.stress.scenario.Outcome} (errnos, state after the race,
 * the kernel's reports, written as {@link org.ioptstress.stress.scenario.Details}). No lock is taken here: every lock an actor takes is the
 * port's, through the ioctls and kernel APIs it calls. {@link org.ioptstress.stress.scenario.Scenarios} lists
 * them; the designs they run on come from the registry, {@code org.ioptstress.design.Designs}.
 */
package org.ioptstress.stress.scenario;

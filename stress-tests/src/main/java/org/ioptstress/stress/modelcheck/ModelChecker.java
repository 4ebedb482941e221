package org.ioptstress.stress.modelcheck;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import java.util.List;

import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.Reports;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Outcome;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.design.Designs;
import org.ioptstress.stress.scenario.Trial;
import org.jetbrains.lincheck.LincheckAssertionError;

/**
 * The second engine: runs a {@link Scenario}'s trials under Lincheck's model checker, which schedules the actors
 * itself and switches threads at every lock operation, park and shared-field access, so it explores interleavings
 * systematically instead of sampling them, on any number of CPUs (the three-actor race included).
 *
 * <p>One Lincheck invocation is one trial, driven by the {@link Scenario} protocol and nothing else:
 * {@code newTrial(design)} on the harness thread, one {@link Thread} per actor running {@code trial.run(i)},
 * {@code join}, {@code trial.finish(rc)}; a FAIL outcome is thrown as an {@link AssertionError} carrying the
 * outcome, which stops the exploration and makes Lincheck print the interleaving. The verdict is
 * {@link Outcome#ok()}: this engine adds no judgement of its own, except that an actor that never returns (Lincheck
 * finds every remaining thread blocked or spinning) is a FAIL labelled {@code hung}, as a liveness scenario's
 * jcstress test fails on a trial that does not terminate.
 *
 * <p>Two adjustments, both outside the race:
 * <ul>
 * <li>the scenario's delay points never spin: they widen kernel windows for a sampling engine by spinning on
 * {@code System.nanoTime()}, which Lincheck virtualises (the spin would never end). They are switch hints instead:
 * a scenario with delay points is first explored for {@link #GUIDED_INVOCATIONS} interleavings with its guided
 * schedule ({@link Guide}: at a delay point the actor lets another one run until it sleeps or returns, the switch
 * the window needs), then freely for the rest of the budget; a hook the trial installed at a point stays (a
 * scenario's own signal);</li>
 * <li>fixture and judgement run in an ignored section (see {@link LincheckAdapter}, the one class calling Lincheck): single-threaded work with
 * nothing to interleave, and most of the cost.</li>
 * </ul>
 *
 * <p>Bounded loops. Lincheck treats a loop that repeats without any thread making progress as a spin: after
 * {@link #LOOP_ITERATIONS_BEFORE_THREAD_SWITCH} iterations it forces a switch to another thread, and after
 * {@link #LOOP_BOUND} it reports a livelock. The kernel has one such loop that is not a spin but a bounded retry:
 * iopt_unmap_iova_range() notifies the accesses up to 100 times, then {@code WARN_ON}s and returns -EDEADLOCK. Both
 * thresholds sit above 100, so that
 * <ul>
 * <li>the retry runs to its end and the trial reports what the kernel reports, the {@code deadlock} outcome with
 * its WARN, exactly as under jcstress; with Lincheck's default bound (50) it would be cut at the 51st try and
 * reported as a livelock;</li>
 * <li>the interleaving in which the thread that would unpin (a device close, a queue teardown) runs only after
 * the 100 tries is explored at all: with Lincheck's default switch (after 10 iterations) it is never tried, and the
 * negative controls of {@code unmap-vs-mdev-close} and {@code unmap-vs-hwqueue-teardown} pass.</li>
 * </ul>
 * Real non-terminating loops (a teardown waiting for a {@code wait_cnt} nobody will drop) are still reported, as
 * {@code hung}.
 *
 * <p>No clock. Lincheck virtualises {@code System.nanoTime()}, so a timed wait inside a trial never times out:
 * iommufd_object_dec_wait()'s REMOVE_WAIT, which jcstress trials bound at {@link Trial#REMOVE_WAIT_MILLIS} and
 * report as HUNG_TASK, waits forever here when the reference it waits for is never put back, and the trial is
 * reported as {@code hung}: the same bug under another label. (Fixture and judgement run unanalysed, on the real
 * clock: a leaked reference found by the final teardown is a HUNG_TASK report, as under jcstress.)
 *
 * <p>The kernel under the model checker ({@link org.ioptstress.kernel.Kernel.Config#modelChecker}, set through
 * {@link Trial#withUnboundedWaits}) has monitor locks: an acquire or a release is one monitor event, a blocked task
 * is blocked (Lincheck switches at once), not an AQS queue analysed field by field whose park loop a blocked task
 * spun through 110 times before a switch; the lock words and lockdep's bookkeeping are atomic steps
 * ({@link LincheckAdapter#ATOMIC}), and with the lock API and a report's site walk they are not instrumented at all
 * ({@link LincheckAdapter#UNINSTRUMENTED}: no other task can observe that code mid-way, and an ignored section still
 * pays Lincheck's hooks). jcstress and JMH keep the java.util.concurrent locks. So the raised thresholds now cost
 * only where a kernel loop really repeats (the unmap retries).
 *
 * <p>Measured (README, "Performance notes"): per interleaving, A/B at load 12-17, median wall 1.5-2.6x less and process CPU
 * 1.35-1.8x less than on the j.u.c locks (unmap-vs-mdev-close 966 -> 374 ms); the known windows the deterministic
 * exploration reaches moved (upstream-notify-lock-then-put's null-deref on hwqueue-destroy-vs-unmap-liveness at 8,
 * was 131). Since the guided schedule every failure of a scenario with delay points is found at interleaving 1
 * (quick budget, every pair: map-vs-unmap-identical on every design before 8602018b, v8's was the 58th; v7's
 * use-after-free on unmap-vs-hwqueue-teardown, was 23; broken-racy-num-locks, was 23): no
 * {@link org.ioptstress.stress.scenario.Scenario#modelCheckerAtLeast} floor is left.
 */
public final class ModelChecker
{
    /**
     * Iterations of a loop without progress before Lincheck calls it non-terminating (default 50): five switches'
     * worth, Lincheck's own ratio. Lincheck does not restart the count when the thread comes back from a switch,
     * so a bound just above the switch threshold reports a thread that merely waited for a lock as livelocked.
     */
    public static final int LOOP_BOUND = Integer.getInteger("iopt.mc.loopBound", 550);
    /**
     * Iterations of a loop without progress before Lincheck forces a switch to another thread (default 10): above
     * the kernel's 100 unmap retries, so that an unmapper may exhaust them before the thread that would unpin runs.
     */
    public static final int LOOP_ITERATIONS_BEFORE_THREAD_SWITCH = Integer.getInteger("iopt.mc.loopSwitch", 110);
    /**
     * Interleavings of a scenario with delay points explored with the guided schedule ({@link Guide}) before the free
     * exploration takes the rest of the budget ({@code -Diopt.mc.guided=0}: none). A constant, not a share of the
     * budget: a failure's interleaving number then replays under any budget that reaches it.
     */
    public static final int GUIDED_INVOCATIONS = Integer.getInteger("iopt.mc.guided", 5);
    /** Lincheck's default recursion bound. */
    public static final int RECURSION_BOUND = 20;
    /** Analyse java.util.concurrent too: the port's locks are ReentrantLock / ReentrantReadWriteLock / Condition. */
    public static final boolean ANALYZE_STDLIB = !Boolean.getBoolean("iopt.mc.noStdLib");
    /** The Lincheck version on the class path (the shaded jar drops its manifest: then the pom's 3.7). */
    public static final String LINCHECK_VERSION = LincheckAdapter.version();
    /** The outcome label of a trial in which an actor never returned. */
    public static final String HUNG = "hung";
    /** The reason of a SKIPPED pair whose scenario the model checker does not run ({@link Scenario#notRunOn}). */
    public static final String NOT_ON_THIS_ENGINE = "not run on this engine: ";

    static
    {
        /* Lincheck warns on stderr for every JDK field it cannot read reflectively: noise for this use */
        if (System.getProperty("lincheck.logLevel") == null)
        {
            System.setProperty("lincheck.logLevel", "error");
        }
    }

    /** What Lincheck's failure text names when it aborted its analysis (see {@link #explore}). */
    static final String ANALYSIS_ABORTED = "LincheckAnalysisAbortedError";
    private static final long[] PROF = new long[5];
    private static final boolean PROFILE = Boolean.getBoolean("iopt.mc.prof");

    private ModelChecker()
    {
    }

    /**
     * Model-checks {@code scenario} on the design named {@code designName}, trying at most {@code invocations}
     * interleavings. Never throws for a failure of the trial or of Lincheck: the verdict says what happened.
     */
    public static Exploration explore(final Scenario scenario, final String designName, final int invocations)
    {
        if (invocations < 1)
        {
            throw new IllegalArgumentException("invocations must be positive: " + invocations);
        }
        final Design design = Designs.byName(designName);
        final boolean control = scenario.negativeControls().contains(designName);
        final String notHere = scenario.notRunOn(Scenario.MODEL_CHECKER);
        if (notHere != null)
        {
            return new Exploration(scenario.id(), designName, scenario.actors(), control, Exploration.Verdict.SKIPPED,
                null, NOT_ON_THIS_ENGINE + notHere, invocations, 0, false, 0, -1, null, null);
        }
        try
        {
            /* a fixture this design cannot build is SKIPPED, not explored; built before Lincheck's agent is in: no atomic step */
            Trial.withUnboundedWaits(org.ioptstress.kernel.Kernel.Atomic.NONE, () -> scenario.newTrial(design));
        }
        catch (final RuntimeException ex)
        {
            return new Exploration(scenario.id(), designName, scenario.actors(), control, Exploration.Verdict.SKIPPED,
                null, "fixture: " + firstLine(ex), invocations, 0, false, 0, -1, null, null);
        }

        final int guided = scenario.delays().length == 0 ? 0 : Math.min(invocations, GUIDED_INVOCATIONS);
        if (guided == 0)
        {
            return exploreRetrying(scenario, designName, design, control, invocations, false);
        }
        /* the guided schedule first (its own exploration: the holds are events), then the free one for the rest */
        final Exploration first = exploreRetrying(scenario, designName, design, control, guided, true);
        if (first.verdict() != Exploration.Verdict.OK || first.invocations() >= invocations)
        {
            return first.verdict() == Exploration.Verdict.OK ? first : withBudget(first, invocations, 0, 0);
        }
        final Exploration rest = exploreRetrying(scenario, designName, design, control, invocations - first.invocations(), false);
        return withBudget(rest, invocations, first.invocations(), first.millis());
    }

    /** {@code e}, a phase of a guided exploration, as the whole: its budget, the interleavings and time before it added. */
    private static Exploration withBudget(final Exploration e, final int budget, final int before, final long millisBefore)
    {
        return new Exploration(e.scenario(), e.design(), e.actors(), e.negativeControl(), e.verdict(), e.label(), e.reason(),
            budget, before + e.invocations(), e.exhaustive(), millisBefore + e.millis(),
            e.detectedMillis() < 0 ? -1 : millisBefore + e.detectedMillis(), e.outcome(), e.lincheck());
    }

    private static Exploration exploreRetrying(final Scenario scenario, final String designName, final Design design,
        final boolean control, final int invocations, final boolean guided)
    {
        final Exploration first = exploreOnce(scenario, designName, design, control, invocations, guided);
        if (first.verdict() != Exploration.Verdict.ERROR || first.reason() == null || !first.reason().contains(ANALYSIS_ABORTED))
        {
            return first;
        }
        /*
         * Lincheck stopped its own analysis (the error its scheduler raises in a thread to abort it), seen once in
         * SuiteSanityIT on a self-deadlocking control under load; the same pair alone is FAILED deadlock at interleaving
         * 1. An engine hiccup, not a verdict: explore once more (a second abort stays an ERROR).
         */
        return exploreOnce(scenario, designName, design, control, invocations, guided);
    }

    private static Exploration exploreOnce(final Scenario scenario, final String designName, final Design design,
        final boolean control, final int invocations, final boolean guided)
    {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger failingInvocation = new AtomicInteger();
        final AtomicLong detectedAt = new AtomicLong();
        final AtomicReference<Outcome> failure = new AtomicReference<>();
        final AtomicReference<Trial> last = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean transformed = new java.util.concurrent.atomic.AtomicBoolean();
        final int actors = scenario.actors();
        final Runnable invocation = () ->
        {
            final Trial trial;
            final Guide guide;
            LincheckAdapter.enterIgnored();
            try
            {
                started.incrementAndGet();
                /* Lincheck finds threads blocked for good itself (and its clock is virtual): no hung-task bound */
                final long p0 = System.nanoTime();
                guide = guided ? new Guide(actors) : null;
                trial = Trial.withUnboundedWaits(guided ? guide : LincheckAdapter.ATOMIC, () -> scenario.newTrial(design));
                last.set(trial);
                hookDelays(trial.ctx().kernel(), scenario, guide);
                final long p1 = System.nanoTime();
                if (transformed.compareAndSet(false, true))
                {
                    /* every trial of a pair builds the same fixture classes: walking the graph once suffices */
                    LincheckAdapter.ensureTransformed(trial);
                }
                PROF[0] += p1 - p0;
                PROF[1] += System.nanoTime() - p1;
            }
            finally
            {
                LincheckAdapter.leaveIgnored();
            }
            final int[] rc = new int[actors];
            final Thread[] threads = new Thread[actors];
            for (int i = 0; i < actors; i++)
            {
                final int index = i;
                threads[i] = new Thread(() ->
                {
                    try
                    {
                        rc[index] = trial.run(index);
                    }
                    finally
                    {
                        if (guide != null)
                        {
                            guide.returned();
                        }
                    }
                    if (PROFILE)
                    {
                        LincheckAdapter.enterIgnored();
                        try
                        {
                            final long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                            synchronized (PROF)
                            {
                                PROF[3] += cpu;
                            }
                        }
                        finally
                        {
                            LincheckAdapter.leaveIgnored();
                        }
                    }
                }, scenario.actorNames().get(i));
            }
            for (final Thread t : threads)
            {
                t.start();
            }
            for (final Thread t : threads)
            {
                join(t);
            }
            final Outcome outcome;
            LincheckAdapter.enterIgnored();
            try
            {
                final long p2 = System.nanoTime();
                outcome = trial.finish(rc);
                PROF[2] += System.nanoTime() - p2;
                if (!outcome.ok() && failure.compareAndSet(null, outcome))
                {
                    failingInvocation.set(started.get());
                    detectedAt.set(System.nanoTime());
                }
            }
            finally
            {
                LincheckAdapter.leaveIgnored();
            }
            if (!outcome.ok())
            {
                throw new AssertionError(outcome.toString());
            }
        };

        final long t0 = System.nanoTime();
        java.util.Arrays.fill(PROF, 0);
        final long cpu0 = processCpuNanos();
        try
        {
            LincheckAdapter.runConcurrentTest(invocations, ANALYZE_STDLIB, LOOP_ITERATIONS_BEFORE_THREAD_SWITCH, LOOP_BOUND,
                RECURSION_BOUND, invocation);
            final int tried = started.get();
            if (PROFILE)
            {
                System.err.printf("PROF %s %s n=%d wall %.1f ms/inv, process cpu %.1f, actors' cpu %.1f: fixture %.1f transform %.1f finish %.1f%n",
                    scenario.id(), designName, tried, (System.nanoTime() - t0) / 1e6 / tried, (processCpuNanos() - cpu0) / 1e6 / tried,
                    PROF[3] / 1e6 / tried, PROF[0] / 1e6 / tried, PROF[1] / 1e6 / tried, PROF[2] / 1e6 / tried);
            }
            return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.OK, null, null,
                invocations, tried, tried < invocations, millisSince(t0), -1, null, null);
        }
        catch (final LincheckAssertionError ex)
        {
            final long millis = millisSince(t0);
            final String text = String.valueOf(ex.getMessage());
            final Outcome outcome = failure.get();
            if (outcome != null)
            {
                return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.FAILED,
                    outcome.label(), outcome.toString(), invocations, failingInvocation.get(), false, millis,
                    TimeUnit.NANOSECONDS.toMillis(detectedAt.get() - t0), outcome, text);
            }
            final String header = LincheckText.header(text);
            if (header.contains("hung"))
            {
                /* the hung invocation ran once more for its trace: the count includes that replay */
                final String why = LincheckText.hangReason(text);
                final String[] verdict = hangVerdict(last.get(), why);
                return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.FAILED, verdict[0],
                    (scenario.liveness() ? "actor 0 (" + scenario.actorNames().get(0) + ") did not return: " : "an actor did not return: ")
                        + verdict[1], invocations, Math.max(1, started.get() - 1), false, millis, -1, null, text);
            }
            return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.ERROR, null,
                "lincheck: " + header + ": " + LincheckText.errorLine(text), invocations, started.get(), false, millis, -1,
                null, text);
        }
        catch (final VirtualMachineError ex)
        {
            throw ex;
        }
        catch (final RuntimeException | Error ex)
        {
            /* a Lincheck internal error ("non-determinism found", an agent failure) */
            final Outcome outcome = failure.get();
            final String text = String.valueOf(ex.getMessage());
            if (outcome != null && text.startsWith("Non-determinism found") && text.contains("= Concurrent test has hung ="))
            {
                /*
                 * A deadlocking design: the first run of the interleaving hung, Lincheck's replay of it for the trace
                 * ran to a judged FAIL (the lockdep report of the same lock cycle). The trial failed either way.
                 */
                return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.FAILED,
                    outcome.label(), outcome + " (Lincheck: the first run of this interleaving hung, its replay did not)",
                    invocations, failingInvocation.get(), false, millisSince(t0),
                    TimeUnit.NANOSECONDS.toMillis(detectedAt.get() - t0), outcome, text);
            }
            /*
             * A trial judged FAILED and Lincheck then broke collecting or printing its trace: the verdict is the
             * trial's (our judgement); when the trial judged nothing but Lincheck broke printing a failure it found,
             * that is the hang it detected, labelled from what the last trial's kernel reported. Only the
             * interleaving's printed trace is lost (the raw trace is the stack).
             */
            final String lost = "Lincheck " + LINCHECK_VERSION + " broke printing its trace: " + ex.getClass().getSimpleName()
                + ": " + firstLine(ex);
            if (outcome != null || LincheckAdapter.brokeRenderingAFailure(ex))
            {
                if (outcome != null)
                {
                    return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.FAILED,
                        outcome.label(), outcome + " (" + lost + ")", invocations, failingInvocation.get(), false,
                        millisSince(t0), TimeUnit.NANOSECONDS.toMillis(detectedAt.get() - t0), outcome, stackTrace(ex));
                }
                final String[] verdict = hangVerdict(last.get(), lost);
                return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.FAILED, verdict[0],
                    "an actor did not return: " + verdict[1], invocations, Math.max(1, started.get() - 1), false,
                    millisSince(t0), -1, null, stackTrace(ex));
            }
            return new Exploration(scenario.id(), designName, actors, control, Exploration.Verdict.ERROR, null,
                "engine: " + ex.getClass().getSimpleName() + ": " + firstLine(ex), invocations, started.get(), false,
                millisSince(t0), -1, null, stackTrace(ex)); /* the raw trace: where the engine broke, for its report */
        }
    }

    /**
     * The scenario's delay points under the model checker: never a busy delay (Lincheck's clock is virtual, the spin
     * would not end); a hook the trial installed stays (a scenario's own signal, e.g. map-vs-unmap-identical's
     * progress), and in a guided exploration each point the scenario turned on also holds the actor there for
     * another one ({@link Guide#yieldHere()}).
     */
    static void hookDelays(final Kernel kernel, final Scenario scenario, final Guide guide)
    {
        kernel.enableDelays(0); /* off, hooks kept: a hook re-armed below turns its point back on */
        final java.util.Set<DelayPoint> turnedOn = java.util.Set.of(scenario.delays());
        for (final DelayPoint p : DelayPoint.values())
        {
            final Runnable mine = kernel.delayHook(p);
            if (guide != null && turnedOn.contains(p))
            {
                kernel.hookDelay(p, mine == null ? guide::yieldHere : () ->
                {
                    mine.run();
                    guide.yieldHere();
                });
            }
            else if (mine != null)
            {
                kernel.hookDelay(p, mine);
            }
        }
    }

    private static String stackTrace(final Throwable ex)
    {
        final java.io.StringWriter w = new java.io.StringWriter();
        ex.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /**
     * The label and reason of an invocation Lincheck found hung, from what its kernel reported before the threads
     * stopped: an actor that oopsed holding its locks ({@code oops} / {@code null-deref}), lockdep's inversion of
     * the locks they block on ({@code deadlock}), else {@code hung}.
     */
    static String[] hangVerdict(final Trial trial, final String lincheckWhy)
    {
        if (trial != null)
        {
            final Reports reports = trial.ctx().kernel().reports();
            for (final Report.Kind kind : List.of(Report.Kind.NULL_DEREF, Report.Kind.OOPS, Report.Kind.LOCKDEP_INVERSION))
            {
                final Report r = reports.list().stream().filter(x -> x.kind() == kind).findFirst().orElse(null);
                if (r != null && (kind != Report.Kind.LOCKDEP_INVERSION || !trial.oopsed()))
                {
                    final String label = kind == Report.Kind.LOCKDEP_INVERSION ? Case.DEADLOCK.label() : Case.forReport(kind).label();
                    return new String[] {label, r.message() + " at " + r.site() + "; " + lincheckWhy};
                }
            }
        }
        return new String[] {HUNG, lincheckWhy};
    }

    private static long processCpuNanos()
    {
        final java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime() : 0;
    }

    private static void join(final Thread t)
    {
        try
        {
            t.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining " + t.getName(), ex);
        }
    }

    private static long millisSince(final long t0)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static String firstLine(final Throwable t)
    {
        final String m = String.valueOf(t.getMessage());
        final int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}

package org.ioptstress.stress.scenario;

import java.util.List;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.fixture.Proc;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.ObjType;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.KernelHang;
import org.ioptstress.kernel.KernelOops;
import org.ioptstress.kernel.Lockdep;
import org.ioptstress.kernel.Report;

/**
 * One run of a {@link Scenario}: a fixture on a fresh simulated kernel, its actors, and the final-state check.
 * See {@link Scenario} for the protocol engines follow ({@link #run(int)} per actor, then {@link #finish(int[])}).
 *
 * <p>A scenario implements {@link #actor(int)} (one kernel entry point, returning its errno or id),
 * {@link #judge(int[], Details)} (which interleaving happened and whether it was correct, from the actors'
 * results and the state left behind) and, where the fixture owns driver-side objects a process exit cannot
 * release (internal accesses, as a HW queue's driver would), {@link #teardown()}. {@code finish} then closes the
 * context and fails the trial on anything a correct kernel would not leave: a report (KASAN, WARN, lockdep, hung
 * task), pinned pages, objects. Such a trial is labelled after its worst report ({@code use-after-free},
 * {@code null-deref}, ...) with the interleaving kept as {@code race=<label>} in the details.
 */
public abstract class Trial extends Proc
{
    /** An actor that threw instead of returning an errno: a port or harness bug, always a FAIL. */
    public static final int THREW = Integer.MIN_VALUE;
    /**
     * iommufd_object_dec_wait()'s bound in race trials. The kernel waits 60 s; a leaked wait_cnt reference
     * would then cost 60 s per trial. No correct short-term holder keeps an object for 50 ms, so a wait that
     * long is reported as HUNG_TASK, as the kernel's timeout would. Liveness scenarios keep the kernel's 60 s.
     */
    public static final long REMOVE_WAIT_MILLIS = 50;
    /**
     * The hung-task bound of every trial's lock waits ({@code -Diopt-stress.hung-task-ms}, default
     * {@link Kernel.Config#HUNG_TASK_TIMEOUT_MILLIS}): a lock wait no cycle explains is reported HUNG_TASK after
     * this long; a lock cycle, or a wait on an actor that oopsed, within milliseconds (see the kernel's HungTask).
     */
    public static final long HUNG_TASK_MILLIS = Long.getLong("iopt-stress.hung-task-ms", Kernel.Config.HUNG_TASK_TIMEOUT_MILLIS);
    /** Set while an engine with its own deadlock detection (the model checker) builds a trial: its atomic step. */
    private static final ThreadLocal<Kernel.Atomic> UNBOUNDED_WAITS = new ThreadLocal<>();

    protected final Scenario scenario;
    private volatile Throwable thrown;
    /** An actor oopsed (its locks stay held); an actor's wait was ended by the hung-task detector. */
    private volatile boolean died;
    private volatile boolean hung;
    /** Lock waits bounded by the hung-task detector (not under the model checker). */
    private final boolean boundedWaits;
    private boolean finished;
    private final List<HwQueueDriver> drivers = new java.util.concurrent.CopyOnWriteArrayList<>();

    protected Trial(final Scenario scenario, final Design design)
    {
        super(config(scenario), design);
        this.scenario = scenario;
        this.boundedWaits = kernel.hungTaskDetection();
    }

    private static Kernel.Config config(final Scenario scenario)
    {
        return (scenario.liveness() ? Kernel.Config.DEBUG : Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(REMOVE_WAIT_MILLIS))
            .withHungTaskTimeoutMillis(UNBOUNDED_WAITS.get() != null ? 0 : HUNG_TASK_MILLIS).withModelChecker(UNBOUNDED_WAITS.get());
    }

    /**
     * Builds a trial whose lock waits are unbounded, for an engine that detects a deadlock itself (Lincheck
     * virtualises time, so a bounded wait there would never expire anyway), with its kernel run under that model
     * checker ({@link Kernel.Config#modelChecker}: monitor locks, lockdep as one atomic step).
     */
    public static Trial withUnboundedWaits(final Kernel.Atomic modelChecker, final java.util.function.Supplier<Trial> build)
    {
        UNBOUNDED_WAITS.set(java.util.Objects.requireNonNull(modelChecker));
        try
        {
            return build.get();
        }
        finally
        {
            UNBOUNDED_WAITS.remove();
        }
    }

    /** Widens the scenario's windows; call at the end of the fixture so setup runs at full speed. */
    protected final void armDelays()
    {
        if (scenario.delays().length != 0)
        {
            kernel.enableDelays(scenario.delayNanos(), scenario.delays());
        }
    }

    /**
     * Runs actor {@code index}: its errno or id, or {@link #THREW}. Called once per actor, one thread each.
     *
     * <p>An actor that throws is a kernel oops: a {@link KernelOops} was reported where it happened (its task died
     * holding its locks); any other exception is reported here as an OOPS with the top port frames of its stack.
     * A {@link KernelHang} is a wait the hung-task detector (or lockdep's recursion check) ended. Either way the
     * thread's lockdep state is reset, so a stress engine that reuses it starts the next trial clean.
     */
    public final int run(final int index)
    {
        if (boundedWaits)
        {
            kernel.nameTask(scenario.actorNames().get(index));
        }
        try
        {
            return actor(index);
        }
        catch (final Throwable t)
        {
            if (engineControl(t))
            {
                throw (Error)t; /* an engine stopping its threads (Lincheck aborts a hung invocation's): not an oops */
            }
            if (thrown == null)
            {
                thrown = t;
            }
            if (t instanceof KernelHang)
            {
                hung = true;
                kernel.hungTaskEnded(); /* it never comes back: waiters on what it still holds are ended at once */
            }
            else
            {
                if (!(t instanceof KernelOops))
                {
                    kernel.oopsed(Report.Kind.OOPS, scenario.actorNames().get(index) + " died: " + t, portFrames(t));
                }
                died = true;
            }
            Lockdep.resetCurrentTask();
            return THREW;
        }
    }

    private static boolean engineControl(final Throwable t)
    {
        return t instanceof Error && !(t instanceof AssertionError) && t.getClass().getName().contains(".lincheck.");
    }

    /** The top frames of {@code t}'s stack in the port (kernel primitives, JDK and harness left out). */
    static String portFrames(final Throwable t)
    {
        final StringBuilder sb = new StringBuilder();
        int n = 0;
        for (final StackTraceElement f : t.getStackTrace())
        {
            final String c = f.getClassName();
            if (c.startsWith("org.ioptstress.") && !c.startsWith("org.ioptstress.kernel.") && n++ < 3)
            {
                sb.append(sb.length() == 0 ? "" : " <- ").append(c.substring(c.lastIndexOf('.') + 1)).append('.')
                    .append(f.getMethodName()).append(':').append(f.getLineNumber());
            }
        }
        return sb.length() == 0 ? "?" : sb.toString();
    }

    /** Actor {@code index}: one kernel entry point; returns 0, a positive id, or a negative errno. */
    protected abstract int actor(int index);

    /**
     * After every actor returned, before anything is torn down: name the interleaving (a declared case) and
     * record the state in {@code d}. The verdict of the returned case is the scenario's semantic judgement;
     * {@link #finish} adds the checks every scenario shares.
     */
    protected abstract Case judge(int[] rc, Details d);

    /** Releases driver-owned objects (as their drivers would) before the process exits. Default: nothing. */
    protected void teardown()
    {
    }

    /**
     * Judges the trial, tears it down and closes the context (process exit); the trial fails if anything is
     * reported or left behind. Call once, after every actor returned.
     */
    public final Outcome finish(final int[] rc)
    {
        if (finished)
        {
            throw new IllegalStateException("finish() called twice");
        }
        finished = true;
        kernel.enableDelays(0);
        final Details d = new Details();
        if (died || hung)
        {
            return killed(rc, d);
        }
        for (int i = 0; i < scenario.actors(); i++)
        {
            d.rc(scenario.actorNames().get(i), rc[i]);
        }
        d.separator();
        Case verdict;
        List<String> broken = List.of();
        try
        {
            verdict = judge(rc, d);
            d.separator();
            broken = HwQueueDriver.invariants(ctx, drivers);
            teardown();
            ctx.close();
        }
        catch (final Throwable t)
        {
            if (thrown == null)
            {
                thrown = t;
            }
            verdict = null;
        }
        final long pins = kernel.pinnedPages();
        final int objects = ctx.objectCount(ObjType.ANY);
        d.add("reports", kernel.reports().kindsToken());
        if (pins != 0)
        {
            d.add("pins-left", pins);
        }
        if (objects != 0)
        {
            d.add("objects-left", objects);
        }
        if (thrown != null || verdict == null)
        {
            d.add("threw", thrown == null ? "?" : thrown.getClass().getSimpleName());
            /* a kernel oops is not a port bug: label the trial after the report it recorded (null-deref) */
            final Case oops = thrown instanceof KernelOops ? worstReport() : null;
            return new Outcome(false, (oops != null ? oops : Case.EXCEPTION).label(), d.toString());
        }
        if (verdict.interesting())
        {
            return new Outcome(true, verdict.label(), d.toString()); /* another scenario's bug: judged there */
        }
        final boolean clean = kernel.reports().isEmpty() && pins == 0 && objects == 0;
        if (verdict.ok() && !clean)
        {
            /* a correct interleaving that a detector caught: name the worst report, keep the interleaving */
            final Case worst = worstReport();
            final String label = (worst != null ? worst : Case.forReport(Report.Kind.LEAK)).label();
            final Report inversion = first(kernel.reports().list(), Report.Kind.LOCKDEP_INVERSION);
            if (inversion != null && label.equals(Case.forReport(Report.Kind.LOCKDEP_INVERSION).label()))
            {
                d.separator();
                d.text(inversion.message()); /* the lock cycle lockdep predicts, named */
            }
            return new Outcome(false, label, "race=" + verdict.label() + " " + d);
        }
        if (verdict.ok() && clean && !broken.isEmpty())
        {
            return new Outcome(false, Case.INVARIANT.label(), "race=" + verdict.label() + " " + d + " invariant="
                + String.join(" / ", broken));
        }
        return new Outcome(verdict.ok() && clean, verdict.label(), d.toString());
    }

    /** The case of the most severe report kind in dmesg, or null when there is none. */
    private Case worstReport()
    {
        for (final Report.Kind kind : Case.SEVERITY)
        {
            if (kernel.reports().count(kind) != 0)
            {
                return Case.forReport(kind);
            }
        }
        return null;
    }

    /**
     * A trial an oops or a hang ended: nothing is judged or torn down (a dead task's locks stay held, a process
     * exit would hang on them). {@code null-deref} / {@code oops} with the report; {@code deadlock} with the lock
     * cycle (or the lock re-taken by its holder); {@code hung} with the wait the detector ended.
     */
    private Outcome killed(final int[] rc, final Details d)
    {
        final List<Report> reports = kernel.reports().list();
        final String label;
        Report why;
        if (died)
        {
            final Report.Kind kind = kernel.reports().count(Report.Kind.NULL_DEREF) != 0 ? Report.Kind.NULL_DEREF : Report.Kind.OOPS;
            label = Case.forReport(kind).label();
            why = first(reports, kind);
        }
        else
        {
            why = reports.stream().filter(r -> r.kind() == Report.Kind.HUNG_TASK && r.message().contains("deadlock: ")).findFirst()
                .orElse(null);
            if (why == null)
            {
                why = first(reports, Report.Kind.LOCKDEP_RECURSION);
            }
            label = why != null ? Case.DEADLOCK.label() : Case.HUNG.label();
            if (why == null)
            {
                why = first(reports, Report.Kind.HUNG_TASK);
            }
        }
        if (why != null)
        {
            d.text(why.message() + " at " + why.site());
            d.separator();
        }
        for (int i = 0; i < scenario.actors(); i++)
        {
            d.rc(scenario.actorNames().get(i), rc[i]);
        }
        d.separator();
        d.add("reports", kernel.reports().kindsToken());
        return new Outcome(false, label, d.toString());
    }

    private static Report first(final List<Report> reports, final Report.Kind kind)
    {
        return reports.stream().filter(r -> r.kind() == kind).findFirst().orElse(null);
    }

    /** Whether an actor oopsed (the trial's kernel keeps its locks held). */
    public final boolean oopsed()
    {
        return died;
    }

    /** Whether the hung-task detector (or lockdep's recursion check) ended an actor's wait. */
    public final boolean hung()
    {
        return hung;
    }

    /** The first exception an actor or finish threw (for debugging a FAIL exception outcome), or null. */
    public final Throwable thrown()
    {
        return thrown;
    }

    public final IommufdCtx ctx()
    {
        return ctx;
    }

    /** The declared case with this label. */
    protected final Case is(final String label)
    {
        for (final Case c : scenario.cases())
        {
            if (c.label().equals(label))
            {
                return c;
            }
        }
        throw new IllegalArgumentException(scenario.id() + " declares no case '" + label + "'");
    }

    // ---------------------------------------------------------------------------------------- fixture helpers

    /** A HW queue's driver (its access: internal, or baseline's ordinary one), checked by finish() until destroyed. */
    protected final HwQueueDriver hwQueueDriver()
    {
        final HwQueueDriver driver = new HwQueueDriver(ctx);
        drivers.add(driver);
        return driver;
    }
}

package org.ioptstress.stress.scenario;

import java.util.List;
import java.util.Map;

import org.ioptstress.kernel.Report;

/**
 * One outcome label a scenario declares: whether it is correct kernel behaviour and what it means. The jcstress
 * adapters turn each into an {@code @Outcome(id = "OK <label> \\|.*")} (or {@code FAIL}) with {@code desc} as
 * the description, so a report names the interleaving ("unmap won, the pin saw a hole") next to its count.
 *
 * @param ok          acceptable (true) or forbidden (false)
 * @param label       short token, {@code [a-z0-9-]+}
 * @param desc        the interleaving or the consequence, in a few words
 * @param interesting acceptable here although the kernel's detectors fire: a known bug another scenario owns and
 *                    judges (jcstress {@code ACCEPTABLE_INTERESTING}); the trial stays OK with its reports
 */
public record Case(boolean ok, String label, String desc, boolean interesting)
{
    /** Every scenario's second-to-last case: results and state no interleaving of a correct kernel produces. */
    public static final Case UNEXPECTED = fail("unexpected", "results and state no interleaving of a correct kernel produces (details)");
    /**
     * A trial whose interleaving and reports are clean but whose final state breaks a structural invariant
     * (org.ioptstress.iommufd.Invariants): a counter that no longer equals what it counts, a flag left set.
     */
    public static final Case INVARIANT = fail("invariant", "a counter differs from what it counts, or a flag is left set (details)");
    /** Every scenario's last case: an actor or the final check threw (a bug in the port or the harness). */
    public static final Case EXCEPTION = fail("exception", "an actor or the final check threw: a port or harness bug");
    /**
     * Actors blocked on each other's locks (or an actor on a lock it holds): the hung-task detector ended the trial
     * and the details name the cycle. Scenarios whose own {@code deadlock} case is the kernel's -EDEADLOCK share
     * the label; the details tell them apart.
     */
    public static final Case DEADLOCK = fail("deadlock", "lock deadlock: the tasks and locks of the cycle are in the details");
    /** An actor blocked past the hung-task bound with no cycle to explain it. */
    public static final Case HUNG = fail("hung", "an actor blocked past the hung-task bound (details: what it waited for)");

    public Case
    {
        if (!label.matches("[a-z0-9-]+"))
        {
            throw new IllegalArgumentException("label must be [a-z0-9-]+: " + label);
        }
        if (interesting && !ok)
        {
            throw new IllegalArgumentException("an interesting case is an acceptable one: " + label);
        }
    }

    public Case(final boolean ok, final String label, final String desc)
    {
        this(ok, label, desc, false);
    }

    /** Acceptable in this scenario, reports included, because {@code desc} names the scenario that owns the bug. */
    public static Case interesting(final String label, final String desc)
    {
        return new Case(true, label, desc, true);
    }

    /** jcstress's grading of the case: ACCEPTABLE, ACCEPTABLE_INTERESTING or FORBIDDEN. */
    public String expect()
    {
        return interesting ? "ACCEPTABLE_INTERESTING" : ok ? "ACCEPTABLE" : "FORBIDDEN";
    }

    public static Case ok(final String label, final String desc)
    {
        return new Case(true, label, desc);
    }

    public static Case fail(final String label, final String desc)
    {
        return new Case(false, label, desc);
    }

    /**
     * The case a correct-looking interleaving becomes when a kernel detector fired or close() found leftovers:
     * one per report kind, labelled after it ({@code use-after-free}, {@code hung-task}, ...).
     */
    public static Case forReport(final Report.Kind kind)
    {
        return fail(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), REPORT_DESC.get(kind));
    }

    /** Report kinds from the most to the least severe: the label of a trial with several is the first. */
    public static final List<Report.Kind> SEVERITY = List.of(Report.Kind.USE_AFTER_FREE, Report.Kind.DOUBLE_FREE,
        Report.Kind.NULL_DEREF, Report.Kind.OOPS, Report.Kind.LOCKDEP_RECURSION, Report.Kind.LOCKDEP_INVERSION, Report.Kind.SLEEP_IN_ATOMIC,
        Report.Kind.LOCKDEP_NOT_HELD, Report.Kind.LOCKDEP_BAD_UNLOCK, Report.Kind.REFCOUNT, Report.Kind.HUNG_TASK,
        Report.Kind.WARN, Report.Kind.LEAK);

    private static final Map<Report.Kind, String> REPORT_DESC = Map.ofEntries(
        Map.entry(Report.Kind.USE_AFTER_FREE, "KASAN: a freed area, pages record or access was touched (race= names the interleaving)"),
        Map.entry(Report.Kind.DOUBLE_FREE, "KASAN: an object was freed twice"),
        Map.entry(Report.Kind.NULL_DEREF, "oops: NULL pointer dereference (ops->unmap of an access without ops, access->ictx of an internal access)"),
        Map.entry(Report.Kind.OOPS, "oops: an actor died in the kernel (details: the exception and its port frames)"),
        Map.entry(Report.Kind.LOCKDEP_RECURSION, "lockdep: a non-recursive lock taken again by its holder"),
        Map.entry(Report.Kind.LOCKDEP_INVERSION, "lockdep: two lock classes taken in both orders"),
        Map.entry(Report.Kind.SLEEP_IN_ATOMIC, "sleeping function called under a spinlock"),
        Map.entry(Report.Kind.LOCKDEP_NOT_HELD, "lockdep_assert_held() failed"),
        Map.entry(Report.Kind.LOCKDEP_BAD_UNLOCK, "unlock of a lock not held"),
        Map.entry(Report.Kind.REFCOUNT, "refcount_t underflow, saturation or increment from 0"),
        Map.entry(Report.Kind.HUNG_TASK, "a task waited past its bound (a REMOVE_WAIT destroy for a reference nobody puts, a lock)"),
        Map.entry(Report.Kind.WARN, "WARN_ON() fired"),
        Map.entry(Report.Kind.LEAK, "close() left pins or objects behind"));

    /** The regex jcstress grades an outcome string against. */
    public String regex()
    {
        return (ok ? Outcome.OK : Outcome.FAIL) + " " + label + " \\|.*";
    }
}

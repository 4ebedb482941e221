package org.ioptstress.kernel;

/**
 * One thing the simulated kernel would have printed to dmesg: a WARN, a KASAN report, a lockdep splat,
 * a leak found at context close.
 *
 * @param kind    what detector fired
 * @param message what it says, naming the object where there is one
 * @param site    the first port frame (kernel function) below the detector, e.g. {@code IoPagetable.unmapIovaRange:212}
 * @param thread  the thread that hit it
 */
public record Report(Kind kind, String message, String site, String thread)
{
    public enum Kind
    {
        /** WARN_ON() fired. */
        WARN,
        /** KASAN: read or write of a freed object's field. */
        USE_AFTER_FREE,
        /** KASAN: kfree() of an already freed object. */
        DOUBLE_FREE,
        /** Oops: NULL pointer dereference (e.g. ops->unmap of an access whose ops is NULL). */
        NULL_DEREF,
        /** Oops: an actor died in the port (an exception other than a detector's), with its stack. */
        OOPS,
        /** lockdep: a non-recursive lock taken again by its holder (a real kernel hangs here). */
        LOCKDEP_RECURSION,
        /** lockdep: two lock classes taken in both orders. */
        LOCKDEP_INVERSION,
        /** lockdep_assert_held() failed. */
        LOCKDEP_NOT_HELD,
        /** Unlock of a lock the thread does not hold. */
        LOCKDEP_BAD_UNLOCK,
        /** A sleeping lock or callback under a spinlock: "BUG: sleeping function called from invalid context". */
        SLEEP_IN_ATOMIC,
        /** refcount_t: underflow, saturation or addition on 0. */
        REFCOUNT,
        /** Pins, objects, areas or counters left behind at context close. */
        LEAK,
        /** A bounded wait in the port expired where the kernel would wait (hung task). */
        HUNG_TASK
    }

    @Override
    public String toString()
    {
        return kind + " " + message + " at " + site + " [" + thread + "]";
    }
}

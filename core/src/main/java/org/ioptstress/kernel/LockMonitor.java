package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;

/**
 * What a port lock's state ({@link OwnerLock}, {@link RwSemState}) does with its monitor, said once: a task waits
 * on it with {@link Object#wait()} (uninterruptibly, as TASK_UNINTERRUPTIBLE, or until a deadline for the hung-task
 * detector's slices), counted, so that a release with nobody waiting skips {@code notifyAll()} (a native call).
 * Every method runs under the monitor; each change of the count is one step in the kernel's analyser section.
 */
abstract class LockMonitor
{
    final Lockdep.Section section;
    /** Tasks in wait() here, under the monitor. */
    private int waiters;

    LockMonitor(final Lockdep.Section section)
    {
        this.section = section;
    }

    /**
     * Under the monitor: one uninterruptible wait; returns whether an interrupt arrived meanwhile (the caller
     * re-asserts it once it holds the lock, as an uninterruptible sleep leaves the signal pending).
     */
    final boolean waitUninterruptibly()
    {
        waiting(1);
        try
        {
            wait();
            return false;
        }
        catch (final InterruptedException ex)
        {
            return true;
        }
        finally
        {
            waiting(-1);
        }
    }

    /** Under the monitor: one wait bounded by {@code deadline} (System.nanoTime()); false once it has passed. */
    final boolean waitUntil(final long deadline) throws InterruptedException
    {
        final long left = deadline - System.nanoTime();
        if (left <= 0)
        {
            return false;
        }
        waiting(1);
        try
        {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        finally
        {
            waiting(-1);
        }
        return true;
    }

    /** Under the monitor: wakes the waiters, if any (an analyser sees one wake-up per release either way). */
    final void wakeUp()
    {
        section.enter();
        final boolean wake = waiters > 0 || section != Lockdep.NONE;
        section.leave();
        if (wake)
        {
            notifyAll(); /* the waiters of a timed acquire may have given up: wake them all, they re-check */
        }
    }

    private void waiting(final int delta)
    {
        section.enter();
        waiters += delta;
        section.leave();
    }
}

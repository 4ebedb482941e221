package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;

/**
 * The state of a mutex or spinlock: its owner task, changed only under this object's monitor, waited for with
 * {@link Object#wait()}. A monitor rather than a java.util.concurrent lock so that a model checker sees each acquire
 * and release as one lock event and a blocked task as blocked (not AQS's queue, CAS loop and park, analysed field
 * by field, with a wait modelled as a spin). The state change itself is one step to it: it runs inside the
 * kernel's analyser section ({@link Lockdep.Section}), only ever under the monitor. Not reentrant: the callers
 * report a recursion before they get here.
 */
final class OwnerLock
{
    private final Lockdep.Section section;
    /** Written under the monitor; read without it only by the task asking whether it is the owner. */
    private Thread owner;
    /** Tasks in wait() here, under the monitor: a release with none skips notifyAll() (a native call). */
    private int waiters;

    OwnerLock(final Lockdep.Section section)
    {
        this.section = section;
    }

    /** Waits (uninterruptibly, as TASK_UNINTERRUPTIBLE) until the lock is free, then takes it. */
    void lock()
    {
        final Thread me = Thread.currentThread();
        boolean interrupted = false;
        synchronized (this)
        {
            while (!take(me))
            {
                waiting(1);
                try
                {
                    wait();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                finally
                {
                    waiting(-1);
                }
            }
        }
        if (interrupted)
        {
            me.interrupt();
        }
    }

    boolean tryLock()
    {
        synchronized (this)
        {
            return take(Thread.currentThread());
        }
    }

    /** A bounded wait (the hung-task detector's slices). */
    boolean tryLock(final long nanos) throws InterruptedException
    {
        final Thread me = Thread.currentThread();
        synchronized (this)
        {
            final long deadline = System.nanoTime() + nanos;
            while (!take(me))
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
            }
            return true;
        }
    }

    /** The caller checked it is the owner. */
    void unlock()
    {
        synchronized (this)
        {
            section.enter();
            owner = null;
            final boolean wake = waiters > 0 || section != Lockdep.NONE; /* an analyser sees one wake-up per release */
            section.leave();
            if (wake)
            {
                notifyAll(); /* the waiters of a timed acquire may have given up: wake them all, they re-check */
            }
        }
    }

    private void waiting(final int delta)
    {
        section.enter();
        waiters += delta;
        section.leave();
    }

    /** Under the monitor: takes the lock if it is free. */
    private boolean take(final Thread me)
    {
        section.enter();
        try
        {
            if (owner != null)
            {
                return false;
            }
            owner = me;
            return true;
        }
        finally
        {
            section.leave();
        }
    }

    /** Only the calling task writes itself as owner and clears it, so its own last write is the answer. */
    boolean isHeldByCurrentThread()
    {
        return owner == Thread.currentThread();
    }

    boolean isLocked()
    {
        synchronized (this)
        {
            return owner != null;
        }
    }

    /** The owner, for hung-task reports. */
    Thread owner()
    {
        synchronized (this)
        {
            return owner;
        }
    }
}

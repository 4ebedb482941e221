package org.ioptstress.kernel;

/**
 * The state of a mutex or spinlock: its owner task, changed only under this object's monitor, waited for with
 * {@link Object#wait()}. A monitor rather than a java.util.concurrent lock so that a model checker sees each acquire
 * and release as one lock event and a blocked task as blocked (not AQS's queue, CAS loop and park, analysed field
 * by field, with a wait modelled as a spin). The state change itself is one step to it: it runs inside the
 * kernel's analyser section ({@link Lockdep.Section}), only ever under the monitor. Not reentrant: the callers
 * report a recursion before they get here.
 */
final class OwnerLock extends LockMonitor
{
    /** Written under the monitor; read without it only by the task asking whether it is the owner. */
    private Thread owner;
    OwnerLock(final Lockdep.Section section)
    {
        super(section);
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
                interrupted |= waitUninterruptibly();
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
                if (!waitUntil(deadline))
                {
                    return false;
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
            section.leave();
            wakeUp();
        }
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

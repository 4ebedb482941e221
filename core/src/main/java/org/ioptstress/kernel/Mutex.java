package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** struct mutex: sleeping, owner-tracked, not recursive (a recursion is reported, never allowed). */
public final class Mutex extends KLock
{
    private final OwnedLock lock = new OwnedLock();

    public Mutex(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
    }

    /** mutex_lock() */
    public void lock()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        if (lock.isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        if (!kernel.hungTaskDetection)
        {
            lock.lock();
        }
        else if (!lock.tryLock())
        {
            waitFor(EXCLUSIVE, "mutex_lock");
        }
        kernel.lockdep().acquired(this);
    }

    /** mutex_trylock() */
    public boolean tryLock()
    {
        if (kernel.lockdep().unwinding())
        {
            return true;
        }
        if (lock.isHeldByCurrentThread())
        {
            recursion();
        }
        if (lock.tryLock())
        {
            kernel.lockdep().acquired(this);
            return true;
        }
        return false;
    }

    /** mutex_unlock() */
    public void unlock()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        if (!lock.isHeldByCurrentThread())
        {
            badUnlock();
            return;
        }
        kernel.lockdep().released(this);
        lock.unlock();
    }

    /** mutex_is_locked() */
    public boolean isLocked()
    {
        return lock.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return lock.isHeldByCurrentThread();
    }

    @Override
    Thread owner()
    {
        return lock.owner();
    }

    @Override
    boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
    {
        return lock.tryLock(nanos, TimeUnit.NANOSECONDS);
    }

    /** A ReentrantLock that names its owner (for hung-task reports). */
    static final class OwnedLock extends ReentrantLock
    {
        private static final long serialVersionUID = 1L;

        Thread owner()
        {
            return getOwner();
        }
    }
}

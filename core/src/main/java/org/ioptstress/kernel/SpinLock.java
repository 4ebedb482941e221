package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;

/**
 * spinlock_t (here: the xa_lock of an xarray). Holding it is atomic context: taking a sleeping lock or calling
 * something that may sleep while it is held is reported as "sleeping function called from invalid context".
 */
public final class SpinLock extends KLock
{
    private final Mutex.OwnedLock lock = new Mutex.OwnedLock();

    public SpinLock(final Kernel kernel, final String className)
    {
        super(kernel, className, true);
    }

    /** spin_lock() / xa_lock() */
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
            waitFor(EXCLUSIVE, "spin_lock");
        }
        kernel.lockdep().acquired(this);
    }

    /** spin_unlock() / xa_unlock() */
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
}

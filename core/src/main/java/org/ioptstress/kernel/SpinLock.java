package org.ioptstress.kernel;

/**
 * spinlock_t (here: the xa_lock of an xarray). Holding it is atomic context: taking a sleeping lock or calling
 * something that may sleep while it is held is reported as "sleeping function called from invalid context".
 */
public final class SpinLock extends KLock
{
    private final OwnerLock lock;

    public SpinLock(final Kernel kernel, final String className)
    {
        super(kernel, className, true);
        this.lock = new OwnerLock(kernel.lockdep().section);
    }

    /** spin_lock() / xa_lock() */
    public void lock()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        kernel.lockdep().beforeAcquire(this); /* recursion, lock order, atomic context */
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
        if (!kernel.lockdep().releasing(this, EXCLUSIVE))
        {
            return;
        }
        lock.unlock();
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return lock.isHeldByCurrentThread();
    }

    @Override
    boolean isHeldByCurrentThread(final int mode)
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
        return lock.tryLock(nanos);
    }
}

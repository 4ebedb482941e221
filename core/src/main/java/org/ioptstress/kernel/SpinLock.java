package org.ioptstress.kernel;

/**
 * spinlock_t (here: the xa_lock of an xarray). Holding it is atomic context: taking a sleeping lock or calling
 * something that may sleep while it is held is reported as "sleeping function called from invalid context".
 */
public final class SpinLock extends KLock
{
    public SpinLock(final Kernel kernel, final String className)
    {
        super(kernel, className, true, false);
    }

    /** spin_lock() / xa_lock() */
    public void lock()
    {
        acquire(EXCLUSIVE, "spin_lock");
    }

    /** spin_unlock() / xa_unlock() */
    public void unlock()
    {
        release(EXCLUSIVE);
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return raw.isHeldByCurrentThread(EXCLUSIVE);
    }
}

package org.ioptstress.kernel;

/** struct mutex: sleeping, owner-tracked, not recursive (a recursion is reported, never allowed). */
public final class Mutex extends KLock
{
    public Mutex(final Kernel kernel, final String className)
    {
        super(kernel, className, false, false);
    }

    /** mutex_lock() */
    public void lock()
    {
        acquire(EXCLUSIVE, "mutex_lock");
    }

    /** mutex_trylock() */
    public boolean tryLock()
    {
        return tryAcquire(EXCLUSIVE);
    }

    /** mutex_unlock() */
    public void unlock()
    {
        release(EXCLUSIVE);
    }

    /** mutex_is_locked() */
    public boolean isLocked()
    {
        return raw.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return raw.isHeldByCurrentThread(EXCLUSIVE);
    }
}

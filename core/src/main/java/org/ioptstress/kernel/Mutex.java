package org.ioptstress.kernel;

import java.util.concurrent.locks.ReentrantLock;

/** struct mutex: sleeping, owner-tracked, not recursive (a recursion is reported, never allowed). */
public final class Mutex extends KLock
{
    private final ReentrantLock lock = new ReentrantLock();

    public Mutex(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
    }

    /** mutex_lock() */
    public void lock()
    {
        if (lock.isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        lock.lock();
        kernel.lockdep().acquired(this);
    }

    /** mutex_trylock() */
    public boolean tryLock()
    {
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
}

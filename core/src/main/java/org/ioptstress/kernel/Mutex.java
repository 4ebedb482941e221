package org.ioptstress.kernel;

/** struct mutex: sleeping, owner-tracked, not recursive (a recursion is reported, never allowed). */
public final class Mutex extends KLock
{
    private final OwnerLock lock;

    public Mutex(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
        this.lock = new OwnerLock(kernel.lockdep().section);
    }

    /** mutex_lock() */
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
        kernel.lockdep().beforeTryAcquire(this);
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
        if (!kernel.lockdep().releasing(this, EXCLUSIVE))
        {
            return;
        }
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

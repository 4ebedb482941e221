package org.ioptstress.kernel;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * struct rw_semaphore. A waiting writer blocks new readers (as Linux rwsem's handoff does, and as a non-fair
 * ReentrantReadWriteLock does when the writer heads the queue). Not recursive in either mode: a reader taking
 * it again can deadlock behind a queued writer, so recursion is reported and refused.
 */
public final class RwSemaphore extends KLock
{
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();

    public RwSemaphore(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
    }

    /** down_read() */
    public void downRead()
    {
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        rw.readLock().lock();
        kernel.lockdep().acquired(this);
    }

    /** up_read() */
    public void upRead()
    {
        if (rw.getReadHoldCount() == 0)
        {
            badUnlock();
            return;
        }
        kernel.lockdep().released(this);
        rw.readLock().unlock();
    }

    /** down_write() */
    public void downWrite()
    {
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        rw.writeLock().lock();
        kernel.lockdep().acquired(this);
    }

    /** up_write() */
    public void upWrite()
    {
        if (!rw.isWriteLockedByCurrentThread())
        {
            badUnlock();
            return;
        }
        kernel.lockdep().released(this);
        rw.writeLock().unlock();
    }

    public boolean isWriteHeldByCurrentThread()
    {
        return rw.isWriteLockedByCurrentThread();
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return rw.isWriteLockedByCurrentThread() || rw.getReadHoldCount() > 0;
    }

    /** lockdep_assert_held_write() */
    public void assertHeldWrite()
    {
        if (kernel.lockdepEnabled() && !rw.isWriteLockedByCurrentThread())
        {
            kernel.reports().add(Report.Kind.LOCKDEP_NOT_HELD, "lockdep_assert_held_write(" + lockClass.name() + ")");
        }
    }
}

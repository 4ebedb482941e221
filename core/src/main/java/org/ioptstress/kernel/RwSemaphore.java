package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * struct rw_semaphore. A waiting writer blocks new readers (as Linux rwsem's handoff does, and as a non-fair
 * ReentrantReadWriteLock does when the writer heads the queue). Not recursive in either mode: a reader taking
 * it again can deadlock behind a queued writer, so recursion is reported and refused.
 */
public final class RwSemaphore extends KLock
{
    private final OwnedRwLock rw = new OwnedRwLock();

    public RwSemaphore(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
    }

    /** down_read() */
    public void downRead()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        if (!kernel.hungTaskDetection)
        {
            rw.readLock().lock();
        }
        else if (!tryReadNow())
        {
            waitFor(SHARED, "down_read");
        }
        kernel.lockdep().acquired(this);
    }

    /** up_read() */
    public void upRead()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
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
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        kernel.lockdep().beforeAcquire(this);
        if (!kernel.hungTaskDetection)
        {
            rw.writeLock().lock();
        }
        else if (!rw.writeLock().tryLock())
        {
            waitFor(EXCLUSIVE, "down_write");
        }
        kernel.lockdep().acquired(this);
    }

    /** up_write() */
    public void upWrite()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
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

    /**
     * A read acquire that, unlike {@code readLock().tryLock()}, queues behind a waiting writer (the timed form
     * checks readerShouldBlock()), without waiting.
     */
    private boolean tryReadNow()
    {
        try
        {
            return rw.readLock().tryLock(0, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    Thread owner()
    {
        return rw.owner();
    }

    @Override
    boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
    {
        return mode == SHARED ? rw.readLock().tryLock(nanos, TimeUnit.NANOSECONDS) : rw.writeLock().tryLock(nanos, TimeUnit.NANOSECONDS);
    }

    /** A ReentrantReadWriteLock that names its writer (for hung-task reports). */
    static final class OwnedRwLock extends ReentrantReadWriteLock
    {
        private static final long serialVersionUID = 1L;

        Thread owner()
        {
            return getOwner();
        }
    }
}

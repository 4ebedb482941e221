package org.ioptstress.kernel;

/**
 * struct rw_semaphore (its state: {@link RwSemState}). A waiting writer blocks new readers (as Linux rwsem's
 * handoff does). Not recursive in either mode: a reader taking it again can deadlock behind a queued writer, so
 * recursion is reported and refused.
 */
public final class RwSemaphore extends KLock
{
    private final RwSemState rw;

    public RwSemaphore(final Kernel kernel, final String className)
    {
        super(kernel, className, false);
        this.rw = new RwSemState(kernel.lockdep().section);
    }

    /** down_read() */
    public void downRead()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        kernel.lockdep().beforeAcquire(this); /* recursion (either mode), lock order */
        if (!kernel.hungTaskDetection)
        {
            rw.lockRead();
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
        if (!kernel.lockdep().releasing(this, SHARED))
        {
            return;
        }
        rw.unlockRead();
    }

    /** down_write() */
    public void downWrite()
    {
        if (kernel.lockdep().unwinding())
        {
            return;
        }
        kernel.lockdep().beforeAcquire(this); /* recursion (either mode), lock order */
        if (!kernel.hungTaskDetection)
        {
            rw.lockWrite();
        }
        else if (!rw.tryLockWrite())
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
        if (!kernel.lockdep().releasing(this, EXCLUSIVE))
        {
            return;
        }
        rw.unlockWrite();
    }

    public boolean isWriteHeldByCurrentThread()
    {
        return rw.isWriteHeldByCurrentThread();
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return rw.isWriteHeldByCurrentThread() || rw.isReadHeldByCurrentThread();
    }

    /** lockdep_assert_held_write() */
    public void assertHeldWrite()
    {
        if (kernel.lockdepEnabled())
        {
            final Lockdep.Section section = kernel.lockdep().section;
            section.enter(); /* the calling task's own state: not the race */
            try
            {
                if (!rw.isWriteHeldByCurrentThread())
                {
                    kernel.reports().add(Report.Kind.LOCKDEP_NOT_HELD, "lockdep_assert_held_write(" + lockClass.name() + ")");
                }
            }
            finally
            {
                section.leave();
            }
        }
    }

    /** A read acquire without waiting that fails behind a waiting writer (as the queued down_read() would wait). */
    private boolean tryReadNow()
    {
        return rw.tryLockRead();
    }

    @Override
    boolean isHeldByCurrentThread(final int mode)
    {
        return mode == SHARED ? rw.isReadHeldByCurrentThread() : rw.isWriteHeldByCurrentThread();
    }

    @Override
    Thread owner()
    {
        return rw.writer();
    }

    @Override
    boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
    {
        return rw.tryLock(mode == EXCLUSIVE, nanos);
    }
}

package org.ioptstress.kernel;

/**
 * struct rw_semaphore. A waiting writer blocks new readers (as Linux rwsem's handoff does; see {@link RawLock}).
 * Not recursive in either mode: a reader taking it again can deadlock behind a queued writer, so recursion is
 * reported and refused.
 */
public final class RwSemaphore extends KLock
{
    public RwSemaphore(final Kernel kernel, final String className)
    {
        super(kernel, className, false, true);
    }

    /** down_read() */
    public void downRead()
    {
        acquire(SHARED, "down_read");
    }

    /** up_read() */
    public void upRead()
    {
        release(SHARED);
    }

    /** down_write() */
    public void downWrite()
    {
        acquire(EXCLUSIVE, "down_write");
    }

    /** up_write() */
    public void upWrite()
    {
        release(EXCLUSIVE);
    }

    public boolean isWriteHeldByCurrentThread()
    {
        return raw.isHeldByCurrentThread(EXCLUSIVE);
    }

    @Override
    public boolean isHeldByCurrentThread()
    {
        return raw.isHeldByCurrentThread(EXCLUSIVE) || raw.isHeldByCurrentThread(SHARED);
    }

    /** lockdep_assert_held_write() */
    public void assertHeldWrite()
    {
        if (kernel.lockdepEnabled() && !raw.isHeldByCurrentThread(EXCLUSIVE))
        {
            kernel.reports().add(Report.Kind.LOCKDEP_NOT_HELD, "lockdep_assert_held_write(" + lockClass.name() + ")");
        }
    }
}

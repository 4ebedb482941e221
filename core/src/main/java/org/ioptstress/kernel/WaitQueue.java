package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * wait_queue_head_t with wait_event_timeout() / wake_up_all(). Its internal lock is the waitqueue's own
 * spinlock, invisible to lockdep as in the kernel; the wait itself may sleep and is checked as such.
 */
public final class WaitQueue
{
    private final Kernel kernel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public WaitQueue(final Kernel kernel)
    {
        this.kernel = kernel;
    }

    /** wait_event_timeout(): true when the condition held before the timeout. */
    public boolean waitEventTimeout(final BooleanSupplier condition, final long timeoutMillis)
    {
        kernel.lockdep().mightSleep("wait_event_timeout");
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        /* a lock holder found waiting here is named so in hung-task reports */
        final HungTask.Waiter waiter = kernel.hungTaskDetection() ? kernel.hungTask().enterWait("wait_event_timeout") : null;
        lock.lock();
        try
        {
            while (!condition.getAsBoolean())
            {
                if (nanos <= 0)
                {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        }
        finally
        {
            lock.unlock();
            if (waiter != null)
            {
                kernel.hungTask().leaveWait(waiter);
            }
        }
    }

    /** wake_up_all() / wake_up_interruptible_all() */
    public void wakeUpAll()
    {
        lock.lock();
        try
        {
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}

package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * wait_queue_head_t with wait_event_timeout() / wake_up_all(). Its internal lock is the waitqueue's own
 * spinlock, invisible to lockdep as in the kernel (here this object's monitor: one event per wait and wake-up for a
 * model checker, see {@link OwnerLock}); the wait itself may sleep and is checked as such.
 */
public final class WaitQueue
{
    private final Kernel kernel;

    public WaitQueue(final Kernel kernel)
    {
        this.kernel = kernel;
    }

    /** wait_event_timeout(): true when the condition held before the timeout. */
    public boolean waitEventTimeout(final BooleanSupplier condition, final long timeoutMillis)
    {
        kernel.lockdep().mightSleep("wait_event_timeout");
        /* a lock holder found waiting here is named so in hung-task reports */
        final HungTask.Waiter waiter = kernel.hungTaskDetection() ? kernel.hungTask().enterWait("wait_event_timeout") : null;
        try
        {
            synchronized (this)
            {
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                while (!condition.getAsBoolean())
                {
                    final long nanos = deadline - System.nanoTime();
                    if (nanos <= 0)
                    {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, nanos);
                }
                return true;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        }
        finally
        {
            if (waiter != null)
            {
                kernel.hungTask().leaveWait(waiter);
            }
        }
    }

    /** wake_up_all() / wake_up_interruptible_all() */
    public void wakeUpAll()
    {
        synchronized (this)
        {
            notifyAll();
        }
    }
}

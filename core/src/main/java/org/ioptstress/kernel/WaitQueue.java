package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * wait_queue_head_t with wait_event_timeout() / wake_up_all(). Its internal lock is the waitqueue's own
 * spinlock, invisible to lockdep as in the kernel; the wait itself may sleep and is checked as such. Under the
 * model checker ({@link Kernel.Config#modelChecker}) that lock is the queue's monitor (see {@link MonitorLock}),
 * elsewhere a ReentrantLock and its Condition.
 */
public final class WaitQueue
{
    private final Kernel kernel;
    /** Null under the model checker: the queue's monitor instead. */
    private final ReentrantLock lock;
    private final Condition changed;

    public WaitQueue(final Kernel kernel)
    {
        this.kernel = kernel;
        this.lock = kernel.config().modelChecker() == null ? new ReentrantLock() : null;
        this.changed = lock == null ? null : lock.newCondition();
    }

    /** wait_event_timeout(): true when the condition held before the timeout. */
    public boolean waitEventTimeout(final BooleanSupplier condition, final long timeoutMillis)
    {
        kernel.lockdep().mightSleep("wait_event_timeout");
        /* a lock holder found waiting here is named so in hung-task reports */
        final HungTask.Waiter waiter = kernel.hungTaskDetection() ? kernel.hungTask().enterWait("wait_event_timeout") : null;
        try
        {
            if (lock == null)
            {
                synchronized (this)
                {
                    return waitEvent(condition, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
                }
            }
            lock.lock();
            try
            {
                return waitEvent(condition, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            }
            finally
            {
                lock.unlock();
            }
        }
        finally
        {
            if (waiter != null)
            {
                kernel.hungTask().leaveWait(waiter);
            }
        }
    }

    /** The wait loop, under the queue's lock (whichever it is). */
    private boolean waitEvent(final BooleanSupplier condition, final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        try
        {
            for (long nanos = timeoutNanos; !condition.getAsBoolean(); nanos = deadline - System.nanoTime())
            {
                if (nanos <= 0)
                {
                    return false;
                }
                if (lock == null)
                {
                    kernel.config().modelChecker().sleepOn(this, nanos);
                }
                else
                {
                    changed.awaitNanos(nanos);
                }
            }
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        }
    }

    /** wake_up_all() / wake_up_interruptible_all() */
    public void wakeUpAll()
    {
        if (lock == null)
        {
            synchronized (this)
            {
                kernel.config().modelChecker().wakeUp(this);
                notifyAll();
            }
            return;
        }
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

package org.ioptstress.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** {@link RawLock}s over java.util.concurrent AQS locks: the port's locks outside the model checker. */
final class JucLock
{
    private JucLock()
    {
    }

    /** A ReentrantLock that names its owner (for hung-task reports): a mutex's or a spinlock's word. */
    static final class Exclusive extends ReentrantLock implements RawLock
    {
        private static final long serialVersionUID = 1L;

        @Override
        public void acquire(final int mode)
        {
            lock();
        }

        @Override
        public boolean tryAcquire(final int mode)
        {
            return tryLock();
        }

        @Override
        public boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
        {
            return tryLock(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void release(final int mode)
        {
            unlock();
        }

        @Override
        public boolean isHeldByCurrentThread(final int mode)
        {
            return isHeldByCurrentThread();
        }

        @Override
        public Thread owner()
        {
            return getOwner();
        }
    }

    /**
     * A non-fair ReentrantReadWriteLock that names its writer: a waiting writer blocks new readers when it heads
     * the queue, as Linux rwsem's handoff does.
     */
    static final class ReadWrite extends ReentrantReadWriteLock implements RawLock
    {
        private static final long serialVersionUID = 1L;

        /** The side of the word a {@link KLock} mode takes. */
        private Lock lockOf(final int mode)
        {
            return mode == KLock.SHARED ? readLock() : writeLock();
        }

        @Override
        public void acquire(final int mode)
        {
            lockOf(mode).lock();
        }

        /** Unlike {@code readLock().tryLock()}, the timed form checks readerShouldBlock(): it queues behind a writer. */
        @Override
        public boolean tryAcquire(final int mode)
        {
            if (mode != KLock.SHARED)
            {
                return writeLock().tryLock();
            }
            try
            {
                return readLock().tryLock(0, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
        {
            return lockOf(mode).tryLock(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void release(final int mode)
        {
            lockOf(mode).unlock();
        }

        @Override
        public boolean isHeldByCurrentThread(final int mode)
        {
            return mode == KLock.SHARED ? getReadHoldCount() > 0 : isWriteLockedByCurrentThread();
        }

        @Override
        public boolean isLocked()
        {
            return isWriteLocked() || getReadLockCount() > 0;
        }

        @Override
        public Thread owner()
        {
            return getOwner();
        }
    }
}

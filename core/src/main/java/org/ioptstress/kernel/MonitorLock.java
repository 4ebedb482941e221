package org.ioptstress.kernel;

import java.util.Arrays;

/**
 * A {@link RawLock} on one monitor, for a kernel under the model checker: {@code synchronized} + {@code wait} /
 * {@code notifyAll}, so an acquire or a release is one monitor event to it and a blocked task is blocked (not an
 * AQS queue analysed field by field, nor a park loop spun through before a switch). The word itself (writer,
 * readers, waiting writers) is read and written only under the monitor, in the model checker's atomic step
 * ({@link Kernel.Atomic}): no other task can see it meanwhile, so no interleaving is lost; a task's "do I hold
 * it" is changed only by that task, so reading it unlocked loses none either.
 *
 * <p>Semantics of the j.u.c word it replaces ({@link JucLock}): exclusive, or shared by readers; a waiting writer
 * blocks new readers (rwsem handoff); waits are uninterruptible except the timed one; the writer is named
 * (hung-task reports).
 */
final class MonitorLock implements RawLock
{
    private final Kernel.Atomic atomic;
    private final Word word = new Word();

    MonitorLock(final Kernel.Atomic atomic)
    {
        this.atomic = atomic;
    }

    @Override
    public void acquire(final int mode)
    {
        synchronized (this)
        {
            if (take(mode, 0))
            {
                return;
            }
            boolean interrupted = false;
            do
            {
                try
                {
                    atomic.sleepOn(this, 0);
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true; /* TASK_UNINTERRUPTIBLE: keep waiting */
                }
            }
            while (!take(mode, 1));
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean tryAcquire(final int mode)
    {
        synchronized (this)
        {
            return take(mode, -1);
        }
    }

    @Override
    public boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
    {
        synchronized (this)
        {
            if (take(mode, 0))
            {
                return true;
            }
            final long deadline = System.nanoTime() + nanos;
            try
            {
                for (long left = nanos; left > 0; left = deadline - System.nanoTime())
                {
                    atomic.sleepOn(this, left);
                    if (take(mode, 1))
                    {
                        return true;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                leave(mode);
                throw ex;
            }
            leave(mode);
            return false;
        }
    }

    /**
     * One atomic step under the monitor: takes the word in {@code mode} if free for it. {@code queue}: -1 a trylock
     * (never queues), 0 a first try (queues on failure), 1 a queued task's retry (dequeues on success).
     */
    private boolean take(final int mode, final int queue)
    {
        atomic.enter();
        try
        {
            return word.take(mode, queue);
        }
        finally
        {
            atomic.leave();
        }
    }

    /** A timed wait gave up: its writer no longer blocks new readers. */
    private void leave(final int mode)
    {
        atomic.enter();
        try
        {
            word.dequeue(mode);
        }
        finally
        {
            atomic.leave();
        }
        atomic.wakeUp(this);
        notifyAll();
    }

    @Override
    public void release(final int mode)
    {
        synchronized (this)
        {
            final boolean wake;
            atomic.enter();
            try
            {
                wake = word.release(mode);
            }
            finally
            {
                atomic.leave();
            }
            if (wake)
            {
                atomic.wakeUp(this);
                notifyAll();
            }
        }
    }

    @Override
    public boolean isHeldByCurrentThread(final int mode)
    {
        atomic.enter();
        try
        {
            return word.isHeldBy(Thread.currentThread(), mode);
        }
        finally
        {
            atomic.leave();
        }
    }

    @Override
    public boolean isLocked()
    {
        return word.writer != null || word.readerCount > 0;
    }

    @Override
    public Thread owner()
    {
        return word.writer;
    }

    /**
     * The word: read and written only in the atomic step, under the monitor (the two volatile fields are also read
     * without it, by {@link #isLocked()} and {@link #owner()}). A class of its own so that the model checker can leave
     * it uninstrumented: code no other task can observe mid-way needs none of its hooks.
     */
    private static final class Word
    {
        /** The exclusive holder; volatile for the readers without the monitor (owner(), isLocked()). */
        volatile Thread writer;
        volatile int readerCount;
        /** Reader slots: a slot is cleared only by its reader, so a reader's unlocked look at its own slot is exact. */
        private Thread[] readers = new Thread[4];
        private int writersWaiting;
        private int waiters;

        boolean take(final int mode, final int queue)
        {
            final Thread me = Thread.currentThread();
            final boolean free = mode == KLock.EXCLUSIVE ? writer == null && readerCount == 0
                : writer == null && writersWaiting == 0;
            if (free)
            {
                if (mode == KLock.EXCLUSIVE)
                {
                    writer = me;
                }
                else
                {
                    addReader(me);
                }
                if (queue == 1)
                {
                    dequeue(mode);
                }
            }
            else if (queue == 0)
            {
                waiters++;
                if (mode == KLock.EXCLUSIVE)
                {
                    writersWaiting++;
                }
            }
            return free;
        }

        void dequeue(final int mode)
        {
            waiters--;
            if (mode == KLock.EXCLUSIVE)
            {
                writersWaiting--;
            }
        }

        /** Releases the calling task's hold; whether a task waits for the word. */
        boolean release(final int mode)
        {
            if (mode == KLock.EXCLUSIVE)
            {
                writer = null;
            }
            else
            {
                removeReader(Thread.currentThread());
            }
            return waiters > 0;
        }

        boolean isHeldBy(final Thread me, final int mode)
        {
            if (mode == KLock.EXCLUSIVE)
            {
                return writer == me;
            }
            for (final Thread t : readers)
            {
                if (t == me)
                {
                    return true;
                }
            }
            return false;
        }

        private void addReader(final Thread me)
        {
            for (int i = 0; i < readers.length; i++)
            {
                if (readers[i] == null)
                {
                    readers[i] = me;
                    readerCount++;
                    return;
                }
            }
            final int n = readers.length;
            readers = Arrays.copyOf(readers, n * 2);
            readers[n] = me;
            readerCount++;
        }

        private void removeReader(final Thread me)
        {
            for (int i = 0; i < readers.length; i++)
            {
                if (readers[i] == me)
                {
                    readers[i] = null;
                    readerCount--;
                    return;
                }
            }
        }
    }
}

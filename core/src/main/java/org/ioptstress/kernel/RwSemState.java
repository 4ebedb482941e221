package org.ioptstress.kernel;

import java.util.Arrays;

/**
 * The state of an rw_semaphore: its writer, its readers and the writers waiting, changed only under this object's
 * monitor (see {@link OwnerLock} for why a monitor, and why each change is one step in the analyser section). A
 * waiting writer blocks new readers, as Linux rwsem's handoff does. Not reentrant: the callers report a recursion
 * before they get here.
 */
final class RwSemState extends LockMonitor
{
    /** Written under the monitor; read without it only by the task asking whether it is the writer. */
    private Thread writer;
    /**
     * The reader tasks, one slot each, written under the monitor; a slot is set by its reader and cleared only by
     * it (never moved), so a reader asking without the monitor whether it reads finds its own last write. Grown
     * (copied) under the monitor: a task that took or dropped its read after the copy sees the copy.
     */
    private Thread[] readers = new Thread[4];
    private int nreaders;
    private int writersWaiting;

    RwSemState(final Lockdep.Section section)
    {
        super(section);
    }

    /** down_read(): uninterruptible. */
    void lockRead()
    {
        final Thread me = Thread.currentThread();
        boolean interrupted = false;
        synchronized (this)
        {
            while (!takeRead(me))
            {
                interrupted |= waitUninterruptibly();
            }
        }
        if (interrupted)
        {
            me.interrupt();
        }
    }

    /** down_write(): uninterruptible. */
    void lockWrite()
    {
        final Thread me = Thread.currentThread();
        boolean interrupted = false;
        synchronized (this)
        {
            if (!takeWrite(me))
            {
                queueWriter(1);
                try
                {
                    do
                    {
                        interrupted |= waitUninterruptibly();
                    }
                    while (!takeWrite(me));
                }
                finally
                {
                    queueWriter(-1);
                }
            }
        }
        if (interrupted)
        {
            me.interrupt();
        }
    }

    /** A read acquire without waiting that, like down_read_trylock() here, fails behind a waiting writer. */
    boolean tryLockRead()
    {
        synchronized (this)
        {
            return takeRead(Thread.currentThread());
        }
    }

    boolean tryLockWrite()
    {
        synchronized (this)
        {
            return takeWrite(Thread.currentThread());
        }
    }

    /** Bounded waits (the hung-task detector's slices); a writer waiting here blocks new readers meanwhile. */
    boolean tryLock(final boolean write, final long nanos) throws InterruptedException
    {
        final Thread me = Thread.currentThread();
        synchronized (this)
        {
            if (write ? takeWrite(me) : takeRead(me))
            {
                return true;
            }
            final long deadline = System.nanoTime() + nanos;
            if (write)
            {
                queueWriter(1);
            }
            try
            {
                while (true)
                {
                    if (!waitUntil(deadline))
                    {
                        return false;
                    }
                    if (write ? takeWrite(me) : takeRead(me))
                    {
                        return true;
                    }
                }
            }
            finally
            {
                if (write)
                {
                    queueWriter(-1);
                    wakeUp(); /* readers held back by this writer may go if it gave up */
                }
            }
        }
    }

    /** up_read(); the caller checked it reads. */
    void unlockRead()
    {
        final Thread me = Thread.currentThread();
        synchronized (this)
        {
            section.enter();
            final Thread[] r = readers;
            for (int i = 0; i < r.length; i++)
            {
                if (r[i] == me)
                {
                    r[i] = null;
                    break;
                }
            }
            final boolean last = --nreaders == 0;
            section.leave();
            if (last)
            {
                wakeUp();
            }
        }
    }

    /** up_write(); the caller checked it writes. */
    void unlockWrite()
    {
        synchronized (this)
        {
            section.enter();
            writer = null;
            section.leave();
            wakeUp();
        }
    }

    private boolean takeRead(final Thread me)
    {
        section.enter();
        try
        {
            if (writer != null || writersWaiting > 0)
            {
                return false;
            }
            Thread[] r = readers;
            if (nreaders == r.length)
            {
                r = readers = Arrays.copyOf(r, r.length * 2);
            }
            for (int i = 0; i < r.length; i++)
            {
                if (r[i] == null)
                {
                    r[i] = me;
                    break;
                }
            }
            nreaders++;
            return true;
        }
        finally
        {
            section.leave();
        }
    }

    /** Writers do not queue behind each other (a non-fair ReentrantReadWriteLock's writers did not either). */
    private boolean takeWrite(final Thread me)
    {
        section.enter();
        try
        {
            if (writer != null || nreaders > 0)
            {
                return false;
            }
            writer = me;
            return true;
        }
        finally
        {
            section.leave();
        }
    }

    private void queueWriter(final int delta)
    {
        section.enter();
        writersWaiting += delta;
        section.leave();
    }

    boolean isWriteHeldByCurrentThread()
    {
        return writer == Thread.currentThread();
    }

    boolean isReadHeldByCurrentThread()
    {
        final Thread me = Thread.currentThread();
        for (final Thread t : readers)
        {
            if (t == me)
            {
                return true;
            }
        }
        return false;
    }

    /** The writer, for hung-task reports. */
    Thread writer()
    {
        synchronized (this)
        {
            return writer;
        }
    }
}

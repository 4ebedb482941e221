package org.ioptstress.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The state of an rw_semaphore: its writer, its readers and the writers waiting, changed only under this object's
 * monitor (see {@link OwnerLock} for why a monitor, and why each change is one step in the analyser section). A
 * waiting writer blocks new readers, as Linux rwsem's handoff does. Not reentrant: the callers report a recursion
 * before they get here.
 */
final class RwSemState
{
    private static final Thread[] NO_READERS = new Thread[0];

    private final Lockdep.Section section;
    /** Written under the monitor; read without it only by the task asking whether it is the writer. */
    private Thread writer;
    /**
     * The reader tasks, copied on write under the monitor: a task reading it without the monitor (is it a reader?)
     * sees its own last change or a later copy, and every later copy keeps it while it reads.
     */
    private volatile Thread[] readers = NO_READERS;
    private int writersWaiting;

    RwSemState(final Lockdep.Section section)
    {
        this.section = section;
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
                try
                {
                    wait();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
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
                        try
                        {
                            wait();
                        }
                        catch (final InterruptedException ex)
                        {
                            interrupted = true;
                        }
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
                    final long left = deadline - System.nanoTime();
                    if (left <= 0)
                    {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
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
                    notifyAll(); /* readers held back by this writer may go if it gave up */
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
            final Thread[] left = new Thread[r.length - 1];
            for (int i = 0, j = 0; i < r.length; i++)
            {
                if (r[i] != me)
                {
                    left[j++] = r[i];
                }
            }
            readers = left.length == 0 ? NO_READERS : left;
            section.leave();
            if (left.length == 0)
            {
                notifyAll();
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
            notifyAll();
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
            final Thread[] r = readers;
            final Thread[] more = Arrays.copyOf(r, r.length + 1);
            more[r.length] = me;
            readers = more;
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
            if (writer != null || readers.length > 0)
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

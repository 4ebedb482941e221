package org.ioptstress.stress.modelcheck;

import org.ioptstress.kernel.Kernel;

/**
 * The guided schedule of one trial: at a delay point the scenario turned on (a window where the kernel dropped a
 * lock it takes again), the actor that reached it lets another actor run first, until that one sleeps or returns.
 * KCSAN's delay, as a schedule: Lincheck explores by the number of thread switches, so the switch a window needs
 * costs no search when the program itself makes it (a monitor wait Lincheck must switch away from).
 *
 * <p>Sound: the held actor only waits on this object's monitor, which no kernel state depends on, so every guided
 * interleaving is one the unguided program has too, and a failure found guided is real. It never holds an actor
 * that nobody would let go: an actor holds only while another one is neither asleep ({@link #beforeSleep()}, the
 * kernel's lock and wait-queue waits and a scenario's waits announce it) nor returned ({@link #returned()}), and
 * that one lets it go when it sleeps or returns. One hold at a time: an actor reaching a delay point while another
 * is held goes on (it is the one running first).
 *
 * <p>The lock words and lockdep stay atomic steps ({@link LincheckAdapter#ATOMIC}): this is that step plus the
 * sleeps it watches, the kernel's {@link Kernel.Config#modelChecker} in a guided trial.
 */
final class Guide implements Kernel.Atomic
{
    private final int actors;
    /** Actors returned from their entry point (or died). */
    private int returned;
    /**
     * The actors asleep, each with the monitor it waits on, until a wakeUp of that monitor (called under it, so a
     * sleeper is never woken between its beforeSleep and its wait) or its own return. Plain state: Lincheck runs one
     * thread at a time, and every access is in its atomic step.
     */
    private final java.util.IdentityHashMap<Thread, Object> asleep = new java.util.IdentityHashMap<>();
    /** An actor is held at a delay point. */
    private boolean holding;
    /** Holds made (the tests' evidence that the schedule was guided). */
    private int holds;

    Guide(final int actors)
    {
        this.actors = actors;
    }

    @Override
    public void enter()
    {
        LincheckAdapter.ATOMIC.enter();
    }

    @Override
    public void leave()
    {
        LincheckAdapter.ATOMIC.leave();
    }

    /** The hook of a delay point: the calling actor lets another one run first, if one can. */
    void yieldHere()
    {
        synchronized (this)
        {
            final boolean hold;
            enter();
            try
            {
                /* another actor is running (or not yet started) and nobody is held: hold this one */
                hold = !holding && actors - returned - asleep.size() > 1;
                if (hold)
                {
                    holding = true;
                    holds++;
                }
            }
            finally
            {
                leave();
            }
            while (hold && holding())
            {
                try
                {
                    wait();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void beforeSleep(final Object monitor)
    {
        synchronized (this)
        {
            enter();
            try
            {
                asleep.put(Thread.currentThread(), monitor);
            }
            finally
            {
                leave();
            }
            release();
        }
    }

    @Override
    public void afterSleep(final Object monitor)
    {
        enter();
        try
        {
            asleep.remove(Thread.currentThread());
        }
        finally
        {
            leave();
        }
    }

    @Override
    public void wakeUp(final Object monitor)
    {
        enter();
        try
        {
            asleep.values().removeIf(m -> m == monitor);
        }
        finally
        {
            leave();
        }
    }

    /** The calling actor returned (or died): a held one goes on. */
    void returned()
    {
        synchronized (this)
        {
            enter();
            try
            {
                returned++;
            }
            finally
            {
                leave();
            }
            release();
        }
    }

    int holds()
    {
        enter();
        try
        {
            return holds;
        }
        finally
        {
            leave();
        }
    }

    private boolean holding()
    {
        enter();
        try
        {
            return holding;
        }
        finally
        {
            leave();
        }
    }

    /** Under the monitor. */
    private void release()
    {
        final boolean wake;
        enter();
        try
        {
            wake = holding;
            holding = false;
        }
        finally
        {
            leave();
        }
        if (wake)
        {
            notifyAll();
        }
    }
}

package org.ioptstress.kernel;

import java.util.Arrays;

/**
 * A small lockdep: per-thread held-lock stacks, and per kernel a graph of "class B taken while class A was
 * held". A new edge A->B when B already reaches A is a lock-order inversion (a possible ABBA deadlock) and is
 * reported once per pair; taking a sleeping lock, or calling a callback that may sleep, while a spinlock is
 * held is reported as sleeping in atomic context. Off ({@link Kernel.Config#lockdep}) it costs one branch.
 *
 * <p>Under a model checker each hook is one atomic step ({@link Kernel.Atomic}): the kernel's lockdep runs with
 * interrupts off under its graph lock (lockdep.c: lock_acquire()'s raw_local_irq_save(), graph_lock()), atomic to
 * the other CPUs, and its state is either the task's own held-lock stack or the graph only lockdep reads.
 */
public final class Lockdep
{
    private static final ThreadLocal<Held> HELD = ThreadLocal.withInitial(Held::new);

    private final Kernel kernel;
    private final boolean enabled;
    /**
     * A task that oopses keeps its locks (its unwinding unlocks are no-ops) only where the hung-task detector can end
     * the waits on them; without it (production, the model checker: its own hang detection, and no extra reads on
     * its lock paths) the unwinding releases them.
     */
    private final boolean deadKeepLocks;
    /** successors[a] has bit b when class b was taken while a was held. Written under {@code this}. */
    private final long[] successors = new long[LockClass.MAX_CLASSES];
    private final long[] reported = new long[LockClass.MAX_CLASSES];
    /** The model checker's atomic step, or null (then the hooks run as they are). */
    private final Kernel.Atomic atomic;

    Lockdep(final Kernel kernel, final boolean enabled, final boolean deadKeepLocks, final Kernel.Atomic atomic)
    {
        this.kernel = kernel;
        this.enabled = enabled;
        this.deadKeepLocks = enabled && deadKeepLocks;
        this.atomic = atomic;
    }

    public boolean enabled()
    {
        return enabled;
    }

    /** lock_acquire()'s checks (check_prev_add()'s order, sleeping in atomic) before a task waits for {@code lock}. */
    void beforeAcquire(final KLock lock)
    {
        if (!enabled)
        {
            return;
        }
        enter();
        try
        {
            checkOrder(lock);
        }
        finally
        {
            leave();
        }
    }

    /** The model checker's atomic step around a hook (none outside it). */
    private void enter()
    {
        if (atomic != null)
        {
            atomic.enter();
        }
    }

    private void leave()
    {
        if (atomic != null)
        {
            atomic.leave();
        }
    }

    private void checkOrder(final KLock lock)
    {
        final Held held = current();
        final LockClass next = lock.lockClass;
        for (int i = 0; i < held.depth; i++)
        {
            final KLock h = held.locks[i];
            final LockClass prev = h.lockClass;
            if (h.lockClass.spin && !next.spin)
            {
                kernel.reports().add(Report.Kind.SLEEP_IN_ATOMIC,
                    "sleeping lock " + next.name + " taken while holding spinlock " + prev.name);
            }
            if (prev == next)
            {
                kernel.reports().add(Report.Kind.LOCKDEP_RECURSION,
                    "possible recursive locking: two " + next.name + " instances nested");
                continue;
            }
            addEdge(prev, next);
        }
    }

    private void addEdge(final LockClass prev, final LockClass next)
    {
        if ((successors[prev.id] & (1L << next.id)) != 0)
        {
            return;
        }
        synchronized (this)
        {
            if (reaches(next.id, prev.id) && (reported[next.id] & (1L << prev.id)) == 0)
            {
                reported[next.id] |= 1L << prev.id;
                kernel.reports().add(Report.Kind.LOCKDEP_INVERSION, "possible circular locking dependency: "
                    + next.name + " -> " + prev.name + " seen before, now " + prev.name + " -> " + next.name);
            }
            successors[prev.id] |= 1L << next.id;
        }
    }

    private boolean reaches(final int from, final int to)
    {
        long seen = 1L << from;
        long frontier = seen;
        while (frontier != 0)
        {
            long nextFrontier = 0;
            for (long f = frontier; f != 0; f &= f - 1)
            {
                nextFrontier |= successors[Long.numberOfTrailingZeros(f)];
            }
            if ((nextFrontier & (1L << to)) != 0)
            {
                return true;
            }
            frontier = nextFrontier & ~seen;
            seen |= nextFrontier;
        }
        return false;
    }

    void acquired(final KLock lock)
    {
        if (!enabled)
        {
            return;
        }
        enter();
        try
        {
            current().push(lock);
        }
        finally
        {
            leave();
        }
    }

    void released(final KLock lock)
    {
        if (!enabled)
        {
            return;
        }
        enter();
        try
        {
            HELD.get().remove(lock);
        }
        finally
        {
            leave();
        }
    }

    /**
     * The calling task oopsed in this kernel and is unwinding: its lock operations here are no-ops. A task that
     * dies in the kernel runs nothing after the oops, so the port's {@code finally} blocks neither release what it
     * held (it keeps its locks) nor take again what it had dropped (notify_unmap's re-lock of xa_lock around a
     * callback). Only where the hung-task detector can end the waits on them ({@link #deadKeepLocks}); a plain
     * final-field test elsewhere, so the model checker's lock paths read nothing more.
     */
    boolean unwinding()
    {
        return deadKeepLocks && HELD.get().diedIn == kernel;
    }

    /** The calling task oopsed in this kernel: from now on its unlocks here are no-ops. */
    void taskDied()
    {
        if (deadKeepLocks)
        {
            HELD.get().diedIn = kernel;
        }
    }

    /**
     * The calling thread's state on entering this kernel: a task that died in (or left locks held in) another
     * kernel starts clean here, so one oops never turns into knock-on reports in the next trial.
     */
    private Held current()
    {
        final Held held = HELD.get();
        if (deadKeepLocks && held.diedIn != null && held.diedIn != kernel)
        {
            held.reset();
        }
        return held;
    }

    /**
     * Forgets everything the calling thread holds or died holding (a stress harness reuses its threads: call it
     * when an actor ended abnormally, after the lock state it left was recorded).
     */
    public static void resetCurrentTask()
    {
        HELD.get().reset();
    }

    /** The locks the calling thread holds now, outermost first (for the hung-task detector's reports). */
    static KLock[] heldSnapshot()
    {
        final Held held = HELD.get();
        return Arrays.copyOf(held.locks, held.depth);
    }

    /** might_sleep(): a blocking call (or a driver callback that may block) must not run in atomic context. */
    public void mightSleep(final String what)
    {
        if (!enabled)
        {
            return;
        }
        enter();
        try
        {
            checkSleep(what);
        }
        finally
        {
            leave();
        }
    }

    private void checkSleep(final String what)
    {
        final Held held = current();
        for (int i = 0; i < held.depth; i++)
        {
            if (held.locks[i].lockClass.spin)
            {
                kernel.reports().add(Report.Kind.SLEEP_IN_ATOMIC,
                    what + " may sleep, called while holding spinlock " + held.locks[i].lockClass.name);
                return;
            }
        }
    }

    /** Locks the calling thread holds now (outermost first): for reports and tests. */
    public static String heldByCurrentThread()
    {
        final Held held = HELD.get();
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < held.depth; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(held.locks[i].lockClass.name);
        }
        return sb.append(']').toString();
    }

    /**
     * The calling task died in the kernel (an oops) with locks held: forget them, so that a harness running the
     * next program on this thread (with a new kernel) starts from an empty held-lock stack.
     */
    public static void forgetHeldLocksOfCurrentThread()
    {
        final Held held = HELD.get();
        java.util.Arrays.fill(held.locks, null);
        held.depth = 0;
    }

    /** Number of locks the calling thread holds (0 at every ioctl boundary). */
    public static int depthOfCurrentThread()
    {
        return HELD.get().depth;
    }

    private static final class Held
    {
        KLock[] locks = new KLock[8];
        int depth;
        /** The kernel this task oopsed in (its unlocks there are no-ops), or null. */
        Kernel diedIn;

        void reset()
        {
            Arrays.fill(locks, 0, depth, null);
            depth = 0;
            diedIn = null;
        }

        void push(final KLock lock)
        {
            if (depth == locks.length)
            {
                locks = Arrays.copyOf(locks, depth * 2);
            }
            locks[depth++] = lock;
        }

        void remove(final KLock lock)
        {
            for (int i = depth - 1; i >= 0; i--)
            {
                if (locks[i] == lock)
                {
                    System.arraycopy(locks, i + 1, locks, i, depth - i - 1);
                    locks[--depth] = null;
                    return;
                }
            }
        }
    }
}

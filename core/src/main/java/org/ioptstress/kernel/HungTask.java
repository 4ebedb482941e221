package org.ioptstress.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A shortened khungtaskd with lockdep's {@code debug_show_all_locks()}: a task blocked on a kernel lock longer
 * than {@link Kernel.Config#hungTaskTimeoutMillis} is reported (HUNG_TASK) with the lock, its holder and what the
 * holder itself waits for, walked to the end of the wait-for chain; then the wait ends in {@link KernelHang} so a
 * stress fork lives on. A chain that closes on itself (a lock cycle) or ends at a task that oopsed holding its
 * locks can never resolve: it is reported as soon as two polls see it unchanged, in milliseconds, instead of at
 * the bound.
 *
 * <p>Only the slow path is here: an uncontended acquire never registers; a contended one registers the task
 * (its held locks, the lock and mode it waits for) for the duration of its wait.
 */
final class HungTask
{
    /** First poll of the wait-for graph; doubled up to {@link #MAX_SLICE_NANOS}. */
    private static final long FIRST_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A task blocked on a lock (or, with lock null, in wait_event): what it holds and waits for. */
    static final class Waiter
    {
        final KLock lock;
        final String what;
        final KLock[] held;
        final String name;

        Waiter(final KLock lock, final String what, final KLock[] held, final String name)
        {
            this.lock = lock;
            this.what = what;
            this.held = held;
            this.name = name;
        }
    }

    /** A task that never comes back (it oopsed, or the detector ended it): the locks it holds for good, and why. */
    record Dead(KLock[] held, String name, String how)
    {
    }

    private final Kernel kernel;
    /** Package-private for tests that stage a wait-for graph. */
    final Map<Thread, Waiter> waiting = new ConcurrentHashMap<>();
    private final Map<Thread, Dead> dead = new ConcurrentHashMap<>();
    private final Map<Thread, String> names = new ConcurrentHashMap<>();

    HungTask(final Kernel kernel)
    {
        this.kernel = kernel;
    }

    void name(final Thread t, final String name)
    {
        names.put(t, name);
    }

    String nameOf(final Thread t)
    {
        final String n = names.get(t);
        return n != null ? n : t.getName();
    }

    void died(final Thread t, final KLock[] held, final String how)
    {
        dead.put(t, new Dead(held, nameOf(t), how));
    }

    boolean isDead(final Thread t)
    {
        return !dead.isEmpty() && dead.containsKey(t);
    }

    /** Registers the calling task as blocked in wait_event (a holder found waiting there is named so). */
    Waiter enterWait(final String what)
    {
        final Waiter w = new Waiter(null, what, Lockdep.heldSnapshot(), nameOf(Thread.currentThread()));
        waiting.put(Thread.currentThread(), w);
        return w;
    }

    void leaveWait(final Waiter w)
    {
        waiting.remove(Thread.currentThread(), w);
    }

    /**
     * The slow path of every kernel lock: waits for {@code lock} in {@code mode} at most the hung-task bound,
     * polling the wait-for graph; returns once acquired, or reports and throws {@link KernelHang}.
     */
    void acquire(final KLock lock, final int mode, final String how)
    {
        final Thread me = Thread.currentThread();
        final Waiter w = new Waiter(lock, how, Lockdep.heldSnapshot(), nameOf(me));
        waiting.put(me, w);
        boolean interrupted = false;
        try
        {
            final long bound = TimeUnit.MILLISECONDS.toNanos(kernel.config().hungTaskTimeoutMillis());
            final long start = System.nanoTime();
            long slice = FIRST_SLICE_NANOS;
            List<Waiter> previous = null;
            while (true)
            {
                try
                {
                    if (lock.tryAcquireNanos(mode, slice))
                    {
                        return;
                    }
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true; /* an uninterruptible sleep (TASK_UNINTERRUPTIBLE): keep waiting */
                }
                final Chain chain = chain(me, w);
                final long waited = System.nanoTime() - start;
                if (chain.definite && chain.waits.equals(previous) || waited >= bound)
                {
                    final String text = chain.definite ? chain.text
                        : "task " + w.name + " blocked for more than " + TimeUnit.NANOSECONDS.toMillis(bound) + " ms: " + chain.text;
                    kernel.reports().add(Report.Kind.HUNG_TASK, text);
                    throw new KernelHang(text);
                }
                /* the same waits (same registrations) on two polls: every task in the chain waited throughout */
                previous = chain.definite ? chain.waits : null;
                slice = Math.min(slice * 2, MAX_SLICE_NANOS);
            }
        }
        finally
        {
            waiting.remove(me, w);
            if (interrupted)
            {
                me.interrupt();
            }
        }
    }

    /** What {@code me} waits for, link by link; definite when it can never resolve. */
    record Chain(String text, boolean definite, List<Waiter> waits)
    {
    }

    Chain chain(final Thread me, final Waiter first)
    {
        final List<Thread> tasks = new ArrayList<>();
        final List<Waiter> waits = new ArrayList<>();
        Thread t = me;
        Waiter w = first;
        while (true)
        {
            tasks.add(t);
            waits.add(w);
            final Thread holder = holderOf(w.lock);
            if (holder == null)
            {
                return new Chain(links(tasks, waits, -1) + " (holder unknown or just released)", false, waits);
            }
            if (holder == t)
            {
                /* it got the lock and has not left the wait yet (preempted right after the acquire): running */
                return new Chain(links(tasks, waits, -1) + " held by " + nameOf(holder) + " (just acquired)", false, waits);
            }
            final int cycleAt = tasks.indexOf(holder);
            if (cycleAt >= 0)
            {
                /* a cycle: every task in it waits for the next; "deadlock: A holds X, waits Y; B holds Y, waits X" */
                final String prefix = cycleAt == 0 ? "" : links(tasks.subList(0, cycleAt), waits.subList(0, cycleAt), -1)
                    + ", which is in ";
                return new Chain(prefix + "deadlock: " + links(tasks.subList(cycleAt, tasks.size()),
                    waits.subList(cycleAt, waits.size()), 0), true, waits);
            }
            final Dead d = dead.get(holder);
            if (d != null)
            {
                return new Chain(links(tasks, waits, -1) + " held by " + d.name + ", which " + d.how
                    + " holding " + names(d.held), true, waits);
            }
            final Waiter next = waiting.get(holder);
            if (next == null)
            {
                return new Chain(links(tasks, waits, -1) + " held by " + nameOf(holder) + " (running)", false, waits);
            }
            if (next.lock == null)
            {
                return new Chain(links(tasks, waits, -1) + " held by " + nameOf(holder) + ", which waits in " + next.what, false, waits);
            }
            t = holder;
            w = next;
        }
    }

    /** "A holds X, waits Y; B holds Y, waits X" (cycle) or "A holds [..] waits Y" per link. */
    private String links(final List<Thread> tasks, final List<Waiter> waits, final int cycle)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++)
        {
            final Waiter w = waits.get(i);
            if (i > 0)
            {
                sb.append("; ");
            }
            sb.append(w.name).append(" holds ");
            if (cycle >= 0)
            {
                /* in a cycle each task holds what the previous one waits for */
                sb.append(waits.get((i + waits.size() - 1) % waits.size()).lock);
            }
            else
            {
                sb.append(names(w.held));
            }
            sb.append(", waits ").append(w.lock).append(" (").append(w.what).append(')');
        }
        return sb.toString();
    }

    private static String names(final KLock[] held)
    {
        if (held.length == 0)
        {
            return "nothing";
        }
        final StringBuilder sb = new StringBuilder();
        for (final KLock l : held)
        {
            sb.append(sb.length() == 0 ? "" : "+").append(l);
        }
        return sb.toString();
    }

    /**
     * The task holding {@code lock}: its writer/owner, else a registered task (waiting or dead) whose held locks
     * include it (a reader), else null.
     */
    private Thread holderOf(final KLock lock)
    {
        final Thread owner = lock.owner();
        if (owner != null)
        {
            return owner;
        }
        for (final Map.Entry<Thread, Dead> e : dead.entrySet())
        {
            if (contains(e.getValue().held, lock))
            {
                return e.getKey();
            }
        }
        for (final Map.Entry<Thread, Waiter> e : waiting.entrySet())
        {
            if (contains(e.getValue().held, lock))
            {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean contains(final KLock[] held, final KLock lock)
    {
        for (final KLock l : held)
        {
            if (l == lock)
            {
                return true;
            }
        }
        return false;
    }
}

package org.ioptstress.kernel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated kernel: its dmesg ({@link Reports}), lockdep, fault injection, delay points and the user
 * memory processes map. Every object and lock of the port belongs to exactly one, so tests and stress runs
 * are isolated from each other.
 */
public final class Kernel
{
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    /** ULONG_MAX as an unsigned 64-bit value. */
    public static final long ULONG_MAX = -1L;

    /**
     * Build options. Debug kernels (the default) run lockdep; a production-like kernel for benchmarks does
     * not. KASAN poisoning is always on: its check is one volatile read.
     *
     * @param lockdep               CONFIG_PROVE_LOCKING
     * @param removeWaitTimeoutMillis iommufd_object_dec_wait()'s wait for wait_cnt (the kernel waits 60 s)
     * @param hungTaskTimeoutMillis CONFIG_DETECT_HUNG_TASK's hung_task_timeout_secs, shortened: a lock wait longer
     *                              than this is a HUNG_TASK report and ends in {@link KernelHang}; a lock cycle or
     *                              a wait on a task that oopsed is reported within milliseconds. 0: off (the
     *                              waits are the JDK's; production kernels and the model checker, which has its
     *                              own deadlock detection)
     * @param modelChecker          null, or the model checker this kernel runs under: its locks are then monitors
     *                              ({@link MonitorLock}, one event per acquire or release, a blocked task simply
     *                              blocked) and lockdep's bookkeeping is one atomic step ({@link Atomic}). jcstress,
     *                              JMH and tests keep the java.util.concurrent locks ({@link JucLock}) they measure
     */
    public record Config(boolean lockdep, long removeWaitTimeoutMillis, long hungTaskTimeoutMillis, Atomic modelChecker)
    {
        /** The kernel waits 120 s before it calls a task hung; a stress trial that long would stall its fork. */
        public static final long HUNG_TASK_TIMEOUT_MILLIS = 5_000;
        public static final Config DEBUG = new Config(true, 60_000, HUNG_TASK_TIMEOUT_MILLIS, null);
        public static final Config PRODUCTION = new Config(false, 60_000, 0, null);

        public Config withRemoveWaitTimeoutMillis(final long millis)
        {
            return new Config(lockdep, millis, hungTaskTimeoutMillis, modelChecker);
        }

        public Config withHungTaskTimeoutMillis(final long millis)
        {
            if (millis < 0)
            {
                throw new IllegalArgumentException("hung-task timeout must be >= 0: " + millis);
            }
            return new Config(lockdep, removeWaitTimeoutMillis, millis, modelChecker);
        }

        /** Runs the kernel under {@code modelChecker} (null: not). */
        public Config withModelChecker(final Atomic modelChecker)
        {
            return new Config(lockdep, removeWaitTimeoutMillis, hungTaskTimeoutMillis, modelChecker);
        }
    }

    /**
     * A model checker's atomic step (Lincheck's ignored section): code between {@link #enter()} and {@link #leave()}
     * is one event to it, no thread switch inside, nothing traced. Sound only for code whose state no other task
     * reads or writes meanwhile: a lock's word under its monitor, and lockdep's bookkeeping (the kernel's lockdep
     * runs under its graph lock with interrupts off, atomic to the other CPUs: lockdep.c's lockdep_recursion and
     * graph_lock()). Must not block in between.
     */
    public interface Atomic
    {
        /** No model checker: nothing to make atomic (a monitor-locked kernel outside one, for the lock tests). */
        Atomic NONE = new Atomic()
        {
            @Override
            public void enter()
            {
            }

            @Override
            public void leave()
            {
            }
        };

        void enter();

        void leave();

        /**
         * The calling task is about to sleep on {@code monitor}'s wait (a lock it waits for, a wait queue, a
         * scenario's wait for another task's progress): a model checker holding another task at a delay point to let
         * this one run first (its guided schedule) lets it go on. Outside the atomic step; may take a monitor of its
         * own.
         */
        default void beforeSleep(final Object monitor)
        {
        }

        /** The calling task returned from the sleep it announced (woken, or a timed wait that ended). */
        default void afterSleep(final Object monitor)
        {
        }

        /** The calling task wakes every task asleep on {@code monitor} (before its notifyAll). */
        default void wakeUp(final Object monitor)
        {
        }

        /**
         * {@code monitor.wait()} (the caller holds its lock) announced as a sleep: until woken, or for at most
         * {@code nanos} when positive.
         */
        default void sleepOn(final Object monitor, final long nanos) throws InterruptedException
        {
            beforeSleep(monitor);
            try
            {
                if (nanos > 0)
                {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
                }
                else
                {
                    monitor.wait();
                }
            }
            finally
            {
                afterSleep(monitor);
            }
        }
    }

    private final Config config;
    private final Reports reports = new Reports();
    private final Lockdep lockdep;
    /** Read directly by the locks (a final field: no event for the model checker). */
    final boolean hungTaskDetection;
    private final HungTask hungTask;
    private final FailNth failNth = new FailNth();
    private final List<UserBuffer> buffers = new CopyOnWriteArrayList<>();
    private final AtomicLong nextPfn = new AtomicLong(0x1000);
    private volatile int delayMask;
    private volatile long delayNanos = 20_000;
    private final Runnable[] delayHooks = new Runnable[DelayPoint.values().length];

    public Kernel()
    {
        this(Config.DEBUG);
    }

    public Kernel(final Config config)
    {
        this.config = config;
        this.hungTaskDetection = config.hungTaskTimeoutMillis() > 0;
        this.lockdep = new Lockdep(this, config.lockdep(), hungTaskDetection, config.modelChecker());
        this.hungTask = new HungTask(this);
    }

    /** The word under a new lock of this kernel: a monitor under a model checker, else a j.u.c lock. */
    RawLock newRawLock(final boolean readWrite)
    {
        final Atomic modelChecker = config.modelChecker();
        if (modelChecker != null)
        {
            return new MonitorLock(modelChecker);
        }
        return readWrite ? new JucLock.ReadWrite() : new JucLock.Exclusive();
    }

    public Config config()
    {
        return config;
    }

    public Reports reports()
    {
        return reports;
    }

    public Lockdep lockdep()
    {
        return lockdep;
    }

    public boolean lockdepEnabled()
    {
        return lockdep.enabled();
    }

    /** Lock waits are bounded ({@link Config#hungTaskTimeoutMillis} > 0). */
    public boolean hungTaskDetection()
    {
        return hungTaskDetection;
    }

    HungTask hungTask()
    {
        return hungTask;
    }

    /**
     * Names the calling thread in this kernel's hung-task reports (a stress actor: "unmap", "pin"); no-op when
     * detection is off.
     */
    public void nameTask(final String name)
    {
        if (hungTaskDetection)
        {
            hungTask.name(Thread.currentThread(), name);
        }
    }

    /** Whether {@code thread} oopsed in this kernel (its locks stay held). */
    public boolean taskDied(final Thread thread)
    {
        return hungTask.isDead(thread);
    }

    public FailNth failNth()
    {
        return failNth;
    }

    /** WARN_ON(cond): recorded, never thrown; returns cond like the macro. */
    public boolean warnOn(final boolean cond, final String what)
    {
        if (cond)
        {
            reports.add(Report.Kind.WARN, what);
        }
        return cond;
    }

    /**
     * The task oopses here: record {@code kind} (NULL_DEREF, OOPS) and kill the calling thread's kernel path by
     * throwing {@link KernelOops}. Never returns.
     */
    public KernelOops oops(final Report.Kind kind, final String what)
    {
        reports.add(kind, what);
        final Thread me = Thread.currentThread();
        hungTask.died(me, Lockdep.heldSnapshot(), "oopsed at " + Reports.site(1));
        lockdep.taskDied(); /* the unwinding path's unlocks are no-ops: the dead task keeps its locks */
        throw new KernelOops(what);
    }

    /**
     * A task died of an exception no detector threw (a harness catching what killed its actor): record an OOPS
     * with the exception's own {@code site}, and register the task as dead with whatever locks it still holds.
     */
    public void oopsed(final Report.Kind kind, final String what, final String site)
    {
        reports.add(kind, what, site);
        hungTask.died(Thread.currentThread(), Lockdep.heldSnapshot(), "oopsed at " + site);
    }

    /**
     * The calling task's wait was ended by the hung-task detector (a {@link KernelHang} it did not recover from):
     * whatever it still holds is held for good, so a task waiting on it is reported at once, as a wait on a dead
     * task, instead of at the bound.
     */
    public void hungTaskEnded()
    {
        if (hungTaskDetection)
        {
            hungTask.died(Thread.currentThread(), Lockdep.heldSnapshot(), "the hung-task detector ended");
        }
    }

    /** A fault-injection point ({@code should_fail()}, a kmalloc that may return NULL). */
    public boolean shouldFail(final String point)
    {
        return failNth.shouldFail(point);
    }

    /** Widens the named window when a scenario turned it on; otherwise one volatile read. */
    public void delay(final DelayPoint point)
    {
        if ((delayMask & (1 << point.ordinal())) != 0)
        {
            final Runnable hook = delayHooks[point.ordinal()];
            if (hook != null)
            {
                hook.run();
                return;
            }
            final long end = System.nanoTime() + delayNanos;
            while (System.nanoTime() < end)
            {
                Thread.onSpinWait();
            }
        }
    }

    public void enableDelays(final long nanos, final DelayPoint... points)
    {
        int mask = 0;
        for (final DelayPoint p : points)
        {
            mask |= 1 << p.ordinal();
        }
        delayNanos = nanos;
        delayMask = mask;
    }

    /**
     * Tests: run {@code hook} on the thread that reaches {@code point} instead of a busy delay (null removes it),
     * so a test can force one interleaving deterministically: start the racing path from inside the window and
     * wait there until it reached the state the race needs.
     */
    public void hookDelay(final DelayPoint point, final Runnable hook)
    {
        delayHooks[point.ordinal()] = hook;
        if (hook != null)
        {
            delayMask |= 1 << point.ordinal();
        }
        else
        {
            delayMask &= ~(1 << point.ordinal());
        }
    }

    /** The hook {@link #hookDelay} installed at {@code point}, or null (so a model checker can chain its own). */
    public Runnable delayHook(final DelayPoint point)
    {
        return delayHooks[point.ordinal()];
    }

    public boolean delayEnabled(final DelayPoint point)
    {
        return (delayMask & (1 << point.ordinal())) != 0;
    }

    /** mmap() of npages of anonymous memory, physically contiguous. */
    public UserBuffer allocUserBuffer(final int npages)
    {
        return allocUserBuffer(npages, false);
    }

    public UserBuffer allocUserBuffer(final int npages, final boolean fragmented)
    {
        final long base = nextPfn.getAndAdd((long)npages * 2 + 16);
        final UserBuffer buffer = new UserBuffer(base, npages, fragmented);
        buffers.add(buffer);
        return buffer;
    }

    /** Pages still pinned over every buffer of this kernel (the selftest's MD_CHECK_REFS == 0 check). */
    public long pinnedPages()
    {
        long total = 0;
        for (final UserBuffer b : buffers)
        {
            total += b.pinnedPages();
        }
        return total;
    }
}

package org.ioptstress.kernel;

/**
 * The lock word under a {@link KLock}: what a {@code struct mutex}, {@code rw_semaphore} or {@code spinlock_t}
 * is made of, without lockdep, recursion checks or hung-task waits (the KLock adds those, once, around either
 * implementation). Non-reentrant callers only: the KLock refuses a recursion before it gets here.
 * <ul>
 * <li>{@link JucLock}: java.util.concurrent AQS locks, what jcstress, JMH and the tests run (their timings and
 * figures);</li>
 * <li>{@link MonitorLock}: one monitor, for a kernel under the model checker ({@link Kernel.Config#modelChecker}):
 * an acquire or release is one event to it, a blocked task simply blocked, instead of an AQS queue analysed field
 * by field with a modelled park loop.</li>
 * </ul>
 * Modes: {@link KLock#EXCLUSIVE} (a mutex, a spinlock, down_write) and {@link KLock#SHARED} (down_read; only a
 * read-write word has it).
 */
interface RawLock
{
    /** Waits, uninterruptibly (TASK_UNINTERRUPTIBLE), until acquired in {@code mode}. */
    void acquire(int mode);

    /**
     * Acquires in {@code mode} if that needs no wait. A shared acquire fails behind a waiting writer (rwsem
     * handoff: a queued writer blocks new readers), as {@link #acquire} would wait there.
     */
    boolean tryAcquire(int mode);

    /** Waits at most {@code nanos} (the hung-task detector's slow path); interruptible. */
    boolean tryAcquireNanos(int mode, long nanos) throws InterruptedException;

    /** Releases what the calling task holds in {@code mode} (the KLock checked it does). */
    void release(int mode);

    /** The calling task holds it in {@code mode}. */
    boolean isHeldByCurrentThread(int mode);

    /** Held by anyone, in any mode (mutex_is_locked()). */
    boolean isLocked();

    /** The task holding it exclusively, or null (free, or held for read). */
    Thread owner();
}

package org.ioptstress.kernel;

/**
 * What every kernel lock of the port has: its kernel, its lockdep class, and its word ({@link RawLock}: j.u.c, or a
 * monitor under the model checker), with the checks every kernel lock runs around its word in the same order:
 * lockdep recursion, lock_acquire() before the wait (lockdep_acquire()'s order check), the wait (bounded by the
 * hung-task detector when on), the held-lock stack after; on release lock_release() before the word is dropped.
 */
public abstract class KLock
{
    protected final Kernel kernel;
    protected final LockClass lockClass;
    /** The lock word: chosen by the kernel (its config), the same checks around either. */
    final RawLock raw;
    /** The kernel's lockdep, kept here: asked on every acquire and release (one call less each, under a model checker). */
    private final Lockdep lockdep;

    protected KLock(final Kernel kernel, final String className, final boolean spin, final boolean readWrite)
    {
        this.kernel = kernel;
        this.lockClass = LockClass.of(className, spin);
        this.raw = kernel.newRawLock(readWrite);
        this.lockdep = kernel.lockdep();
    }

    /** A sleeping or spinning acquire in {@code mode} ({@code how}: the kernel function, for hung-task reports). */
    final void acquire(final int mode, final String how)
    {
        if (lockdep.unwinding())
        {
            return;
        }
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        lockdep.beforeAcquire(this);
        if (!kernel.hungTaskDetection)
        {
            raw.acquire(mode);
        }
        else if (!raw.tryAcquire(mode))
        {
            waitFor(mode, how);
        }
        lockdep.acquired(this);
    }

    /** A trylock in {@code mode}: no wait, no order check (lockdep's trylock adds no dependency). */
    final boolean tryAcquire(final int mode)
    {
        if (lockdep.unwinding())
        {
            return true;
        }
        if (isHeldByCurrentThread())
        {
            recursion();
        }
        if (raw.tryAcquire(mode))
        {
            lockdep.acquired(this);
            return true;
        }
        return false;
    }

    /** A release in {@code mode}; one the calling task does not hold is reported and ignored. */
    final void release(final int mode)
    {
        if (lockdep.unwinding())
        {
            return;
        }
        if (!raw.isHeldByCurrentThread(mode))
        {
            badUnlock();
            return;
        }
        lockdep.released(this);
        raw.release(mode);
    }

    public LockClass lockClass()
    {
        return lockClass;
    }

    /** Held by the calling thread (in any mode). */
    public abstract boolean isHeldByCurrentThread();

    /** Modes of {@link #tryAcquireNanos}. */
    static final int EXCLUSIVE = 0;
    static final int SHARED = 1;

    /** The task holding it exclusively, or null (free, or held for read). */
    final Thread owner()
    {
        return raw.owner();
    }

    /** A timed acquire in {@code mode}, for the hung-task detector's slow path. */
    final boolean tryAcquireNanos(final int mode, final long nanos) throws InterruptedException
    {
        return raw.tryAcquireNanos(mode, nanos);
    }

    /**
     * The contended path: with hung-task detection on, a bounded wait that ends in a HUNG_TASK report and
     * {@link KernelHang} when the holder never lets go (see {@link HungTask}).
     */
    final void waitFor(final int mode, final String how)
    {
        kernel.hungTask().acquire(this, mode, how);
    }

    final void recursion()
    {
        kernel.reports().add(Report.Kind.LOCKDEP_RECURSION,
            "possible recursive locking detected: " + lockClass.name + " already held by this task");
        throw new KernelHang("recursive locking of " + lockClass.name);
    }

    final void badUnlock()
    {
        kernel.reports().add(Report.Kind.LOCKDEP_BAD_UNLOCK, "releasing a lock not held: " + lockClass.name);
    }

    /** lockdep_assert_held(): a real check, recorded when it fails. */
    public final void assertHeld()
    {
        if (kernel.lockdepEnabled() && !isHeldByCurrentThread())
        {
            kernel.reports().add(Report.Kind.LOCKDEP_NOT_HELD, "lockdep_assert_held(" + lockClass.name + ")");
        }
    }

    @Override
    public String toString()
    {
        return lockClass.name;
    }
}

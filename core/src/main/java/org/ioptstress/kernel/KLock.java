package org.ioptstress.kernel;

/** What every kernel lock of the port has: its kernel, its lockdep class and an instance name. */
public abstract class KLock
{
    protected final Kernel kernel;
    protected final LockClass lockClass;

    protected KLock(final Kernel kernel, final String className, final boolean spin)
    {
        this.kernel = kernel;
        this.lockClass = LockClass.of(className, spin);
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
    abstract Thread owner();

    /** A timed acquire in {@code mode}, for the hung-task detector's slow path. */
    abstract boolean tryAcquireNanos(int mode, long nanos) throws InterruptedException;

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

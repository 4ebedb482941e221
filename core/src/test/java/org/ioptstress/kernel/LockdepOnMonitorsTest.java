package org.ioptstress.kernel;

/** {@link LockdepTest} on the model checker's lock words ({@link MonitorLock}, {@link Kernel.Config#modelChecker}). */
class LockdepOnMonitorsTest extends LockdepTest
{
    @Override
    Kernel.Config configured(final Kernel.Config base)
    {
        return base.withModelChecker(Kernel.Atomic.NONE);
    }
}

package org.ioptstress.kernel;

/** {@link HungTaskTest} on the model checker's lock words ({@link MonitorLock}, {@link Kernel.Config#modelChecker}). */
class HungTaskOnMonitorsTest extends HungTaskTest
{
    @Override
    Kernel.Config configured(final Kernel.Config base)
    {
        return base.withModelChecker(Kernel.Atomic.NONE);
    }
}

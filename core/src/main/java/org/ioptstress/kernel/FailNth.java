package org.ioptstress.kernel;

/**
 * /proc/self/task/TID/fail-nth: armed with N by one task, the N-th fault-injectable call that task makes
 * fails (an allocation returns NULL, {@code iommufd_should_fail()} returns true). Other tasks are unaffected.
 */
public final class FailNth
{
    private volatile Thread armed;
    private int remaining;
    private String injectedAt;

    /** Write N to fail-nth: the N-th fallible step of the calling thread fails (N starts at 1). */
    public void enable(final int nth)
    {
        if (nth < 1)
        {
            throw new IllegalArgumentException("fail-nth counts from 1: " + nth);
        }
        remaining = nth;
        injectedAt = null;
        armed = Thread.currentThread();
    }

    /**
     * Read and disable fail-nth: true when the fault was injected (the kernel reads back 0), false when the
     * run ended before the N-th point (the sweep is complete).
     */
    public boolean disable()
    {
        armed = null;
        return injectedAt != null;
    }

    /** Where the last injected fault hit, e.g. {@code "kzalloc(iopt_area)"}. */
    public String injectedAt()
    {
        return injectedAt;
    }

    /** should_fail(): called at every fallible step with its name. */
    public boolean shouldFail(final String point)
    {
        if (armed != Thread.currentThread())
        {
            return false;
        }
        if (--remaining == 0)
        {
            injectedAt = point;
            armed = null;
            return true;
        }
        return false;
    }
}

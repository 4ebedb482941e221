package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.Access;

/**
 * NEGATIVE CONTROL: iommufd_access_notify_unmap() with its skip test inverted,
 * {@code if (!iommufd_access_is_internal(access) || !iommufd_lock_obj(&access->obj)) continue;}: emulated
 * devices are never asked to unpin (the unmapper retries 100 times, then WARNs and returns -EDEADLOCK unless
 * someone else unpins first), and an internal access gets an ops->unmap call through its NULL ops.
 */
public class BrokenNotifyInvertedSkip extends SuiteControl
{
    @Override
    public String name()
    {
        return "broken-notify-inverted-skip";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): notify_unmap skips emulated devices instead of internal accesses";
    }

    @Override
    protected boolean notifyUnmapSkipsBeforeLock(final Access access)
    {
        return !access.isInternal();
    }
}

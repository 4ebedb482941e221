package org.ioptstress.design;

import org.ioptstress.iommufd.IoptArea;

/**
 * NEGATIVE CONTROL: upstream-notify-fix (v8 without its notify reference leak) without the num_locks check in iopt_unmap_iova_range(). Pins still count num_locks,
 * but the unmapper never looks: an unmap of HW queue memory takes the notify path, notify skips the internal
 * access, nothing unpins, and after 100 notifications the unmap WARNs and returns -EDEADLOCK, leaving
 * prevent_access set on the queue's area.
 */
public class BrokenNoLockCheck extends UpstreamNotifyFix
{
    @Override
    public String name()
    {
        return "broken-no-lock-check";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL: whose unmap never checks num_locks";
    }

    @Override
    public Role role()
    {
        return Role.NEGATIVE_CONTROL;
    }

    @Override
    protected boolean unmapRangeAreaLocked(final IoptArea area)
    {
        return false;
    }
}

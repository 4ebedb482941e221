package org.ioptstress.design;

import org.ioptstress.iommufd.Access;

/**
 * A candidate fix on top of upstream, written as a user would add a design: iommufd_access_notify_unmap()
 * checks {@code iommufd_access_is_internal()} before {@code iommufd_lock_obj()}, so skipping an internal
 * access no longer keeps the users/wait_cnt reference lock_obj took. Upstream's order leaks that reference
 * whenever an unmap notifies an IOAS that also has an internal access, and the HW queue's later
 * iommufd_access_destroy_internal() then waits for a wait_cnt that never drains (60 s, -EBUSY, WARN).
 */
public class UpstreamNotifyFix extends Upstream
{
    @Override
    public Role role()
    {
        return Role.CANDIDATE_FIX;
    }

    @Override
    public String name()
    {
        return "upstream-notify-fix";
    }

    @Override
    public String summary()
    {
        return "upstream + notify_unmap tests is_internal before lock_obj (no reference leak on internal accesses)";
    }

    /* if (iommufd_access_is_internal(access) || !iommufd_lock_obj(&access->obj)) continue; */
    @Override
    protected boolean notifyUnmapSkipsBeforeLock(final Access access)
    {
        return access.isInternal();
    }

    @Override
    protected boolean notifyUnmapSkips(final Access access)
    {
        return false;
    }
}

package org.ioptstress.design;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;

/**
 * v8/v9 11/29, merged as 27b77ea5feaa ("iommufd/access: Bypass access->ops->unmap for internal use"): back to
 * v5's per-area counter. An internal pin bumps {@code area->num_locks} next to num_accesses (under
 * pages->mutex, callers holding iova_rwsem read); the unmapper refuses a locked area with -EBUSY under
 * iova_rwsem write, before the partial-range check; notify_unmap is void again and skips internal accesses
 * exactly as upstream writes it: {@code if (!iommufd_lock_obj(&access->obj) || iommufd_access_is_internal(access))
 * continue;}, which keeps the reference lock_obj took on an internal access.
 */
public class V8 extends V7
{
    @Override
    public String name()
    {
        return "v8";
    }

    @Override
    public String summary()
    {
        return "v8 (merged 27b77ea5): per-area num_locks, -EBUSY before the partial-range check; notify skips internal";
    }

    /* device.c: the v7 pre-scan is gone, notify_unmap returns void */
    @Override
    protected int notifyUnmapPrescan(final IoPagetable iopt)
    {
        return 0;
    }

    @Override
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        return notifyUnmapVoid(iopt, areaFirst, length);
    }

    /* device.c: if (!iommufd_lock_obj(&access->obj) || iommufd_access_is_internal(access)) continue; */
    @Override
    protected boolean notifyUnmapSkips(final Access access)
    {
        return access.isInternal();
    }

    /* io_pagetable.c: "The area is locked by an object that has not been destroyed" */
    @Override
    protected boolean unmapRangeAreaLocked(final IoptArea area)
    {
        return area.numLocks() != 0;
    }

    /* device.c: iopt_area_add_access(area, index, last_index, out_pages, flags, internal) */
    @Override
    protected boolean pinLocksArea(final Access access)
    {
        return access.isInternal();
    }
}

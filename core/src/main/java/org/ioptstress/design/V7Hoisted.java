package org.ioptstress.design;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.XArray;

/**
 * Kevin Tian's proposal on v7 10/28 (2025-07-02/03): do the per-IOAS check once in iopt_unmap_iova_range(),
 * under the unmapper's own locks, keep it in a local flag, and refuse -EBUSY in the loop when an area has
 * accesses; notify_unmap stays void, so no lock is re-taken to undo anything. The scan sits after
 * {@code again:} so every retry refreshes it. Still per IOAS: an area pinned only by an mdev is refused while
 * any internal access exists elsewhere.
 */
public class V7Hoisted extends V7
{
    @Override
    public String name()
    {
        return "v7-hoisted";
    }

    @Override
    public String summary()
    {
        return "reviewer's v7 variant: scan the access list under the unmapper's locks, refuse areas with accesses";
    }

    /* notify_unmap is void again: no pre-scan */
    @Override
    protected int notifyUnmapPrescan(final IoPagetable iopt)
    {
        return 0;
    }

    /* "Bypass any unmap if there is an internal access": a one-off scan under domains_rwsem + iova_rwsem */
    @Override
    protected boolean unmapRangeScanAccessList(final IoPagetable iopt)
    {
        iopt.iovaRwsem().assertHeldWrite();
        for (final XArray.Cursor<Access> xas = iopt.accessList().cursor(); xas.next();)
        {
            if (xas.entry().isInternal())
            {
                return true;
            }
        }
        return false;
    }

    /* if (area->num_accesses) { if (internal_access) { rc = -EBUSY; goto out_unlock_iova; } ... } */
    @Override
    protected boolean unmapRangeRefusesAccesses(final IoptArea area, final boolean internalPresent)
    {
        return internalPresent;
    }

    /* iommufd_access_notify_unmap(iopt, area_first, length); as a void call */
    @Override
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        return notifyUnmapVoid(iopt, areaFirst, length);
    }
}

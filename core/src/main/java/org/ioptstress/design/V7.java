package org.ioptstress.design;

import static org.ioptstress.kernel.Errno.EBUSY;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.XArray;

/**
 * [PATCH v7 10/28] iommufd/access: Bypass access->ops->unmap for internal use (2025-06-26), on top of v7
 * 09/28's internal access (ictx == NULL). notify_unmap pre-scans the IOAS's access list and returns -EBUSY if
 * any internal access exists, before calling any callback; the unmapper then re-takes both rwsems, clears
 * {@code area->prevent_access} (a write to the area after the locks were dropped) and bails out.
 */
public class V7 extends Design
{
    @Override
    public String name()
    {
        return "v7";
    }

    @Override
    public String summary()
    {
        return "v7 10/28: notify_unmap pre-scans the access list, -EBUSY per IOAS; unmapper re-locks to clear prevent_access";
    }

    @Override
    public boolean hasInternalAccess()
    {
        return true;
    }

    /* device.c: WARN_ON(iova_alignment != PAGE_SIZE || (!iommufd_access_is_internal(access) && !ops->unmap)) */
    @Override
    protected boolean pinPagesOpsInvalid(final Access access)
    {
        return access.iovaAlignment() != Kernel.PAGE_SIZE || (!access.isInternal() && access.ops().unmap() == null);
    }

    /* device.c, iommufd_access_change_ioas(): if (!iommufd_access_is_internal(access) && access->ops->unmap) */
    @Override
    protected boolean changeIoasCallsUnmap(final Access access)
    {
        return !access.isInternal() && access.ops().unmap() != null;
    }

    /* io_pagetable.c, b23e09f99977 (v7 01/28): if (WARN_ON(tries > 100)) { rc = -EDEADLOCK; goto out_unmapped; } */
    @Override
    protected boolean unmapRangeDeadlockReportsUnmapped()
    {
        return true;
    }

    /* device.c, iommufd_access_notify_unmap(): "Bypass any unmap if there is an internal access" */
    @Override
    protected int notifyUnmapPrescan(final IoPagetable iopt)
    {
        for (final XArray.Cursor<Access> xas = iopt.accessList().cursor(); xas.next();)
        {
            if (xas.entry().isInternal())
            {
                return -EBUSY;
            }
        }
        return 0;
    }

    /* io_pagetable.c: rc = notify(); if (rc) { down_read(domains); down_write(iova); area->prevent_access = false; goto out_unlock_iova; } */
    @Override
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        final int rc = Access.notifyUnmap(iopt, areaFirst, length);
        if (rc != 0)
        {
            area.kernel().delay(DelayPoint.V7_RELOCK_WINDOW); /* no-op unless a scenario widens it */
            iopt.domainsRwsem().downRead();
            iopt.iovaRwsem().downWrite();
            area.setPreventAccess(false);
        }
        return rc;
    }
}

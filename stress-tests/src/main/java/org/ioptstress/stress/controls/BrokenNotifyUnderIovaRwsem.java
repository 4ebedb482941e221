package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;

/**
 * NEGATIVE CONTROL (self-deadlock through a callback): iopt_unmap_iova_range() notifies the accesses without
 * dropping {@code iova_rwsem} (it re-takes both rwsems around iommufd_access_notify_unmap()). The emulated device's
 * unmap callback unpins, and iommufd_access_unpin_pages() takes {@code iova_rwsem} for read: the unmapper waits on
 * a lock it holds itself. A real kernel hangs there; lockdep calls it recursive locking.
 */
public class BrokenNotifyUnderIovaRwsem extends SuiteControl
{
    @Override
    public String name()
    {
        return "broken-notify-under-iova-rwsem";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): unmap calls notify_unmap (and the driver's unmap callback) holding iova_rwsem";
    }

    @Override
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        iopt.domainsRwsem().downRead();
        iopt.iovaRwsem().downWrite();
        try
        {
            return notifyUnmapVoid(iopt, areaFirst, length);
        }
        finally
        {
            iopt.iovaRwsem().upWrite();
            iopt.domainsRwsem().upRead();
        }
    }
}

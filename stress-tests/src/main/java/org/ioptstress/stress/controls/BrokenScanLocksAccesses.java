package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.kernel.XArray;

/**
 * NEGATIVE CONTROL (lock order, ABBA): a hoisted access-list scan, like Kevin Tian's on v7, that reads each
 * access's IOAS under its {@code access->ioas_lock} while iopt_unmap_iova_range() holds {@code iova_rwsem}. The pin
 * path takes them the other way round (iommufd_access_pin_pages(): ioas_lock, then iova_rwsem for read): lockdep
 * reports the inversion on the first trial that sees both orders, and an unmap racing an internal pin of another
 * area deadlocks for real ("unmap holds iova_rwsem, waits access->ioas_lock; pin holds access->ioas_lock, waits
 * iova_rwsem").
 */
public class BrokenScanLocksAccesses extends SuiteControl
{
    @Override
    public String name()
    {
        return "broken-scan-locks-accesses";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): unmap takes each access's ioas_lock under iova_rwsem (ABBA with the pin path)";
    }

    /* after again:, under domains_rwsem + iova_rwsem: mutex_lock(&access->ioas_lock) per access of the list */
    @Override
    protected boolean unmapRangeScanAccessList(final IoPagetable iopt)
    {
        for (final XArray.Cursor<Access> xas = iopt.accessList().cursor(); xas.next();)
        {
            final Access access = xas.entry();
            access.ioasLock().lock();
            access.ioasLock().unlock();
        }
        return super.unmapRangeScanAccessList(iopt);
    }
}

package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;

/**
 * NEGATIVE CONTROL: the lock check made per IOAS instead of per area, the coarse fix Nicolin rejected for v8
 * ("reject an unmap against the same range as once pinned by an internal access, i.e. other range of unmap
 * should be still allowed"): iopt_unmap_iova_range() refuses -EBUSY while any area of the io_pagetable has
 * num_locks, so a HW queue anywhere in the IOAS blocks every unmap.
 */
public class BrokenIoasWideLock extends SuiteControl
{
    /* the result of the scan under the unmapper's locks, for the area checks of the same pass */
    private final ThreadLocal<boolean[]> anyLocked = ThreadLocal.withInitial(() -> new boolean[1]);

    @Override
    public String name()
    {
        return "broken-ioas-wide-lock";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): refuses every unmap while any area of the IOAS is locked";
    }

    /* after again:, under domains_rwsem + iova_rwsem: any locked area in the whole io_pagetable? */
    @Override
    protected boolean unmapRangeScanAccessList(final IoPagetable iopt)
    {
        boolean locked = false;
        for (IoptArea a = iopt.areaIterFirst(0, -1L); a != null; a = iopt.areaIterNext(a, 0, -1L))
        {
            locked |= a.numLocks() != 0;
        }
        anyLocked.get()[0] = locked;
        return super.unmapRangeScanAccessList(iopt);
    }

    /* if (iopt_locked) return -EBUSY;  instead of  if (area->num_locks) */
    @Override
    protected boolean unmapRangeAreaLocked(final IoptArea area)
    {
        return anyLocked.get()[0] || super.unmapRangeAreaLocked(area);
    }
}

package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EADDRINUSE;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.EEXIST;
import static org.ioptstress.kernel.Errno.EFAULT;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;
import static org.ioptstress.kernel.Errno.EOVERFLOW;

import org.agrona.collections.MutableLong;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.RwSemaphore;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.kernel.XArray;

/**
 * struct io_pagetable (io_pagetable.c). Lock order: domains_rwsem -> iova_rwsem -> pages->mutex; the
 * access_list is changed only under both rwsems in write mode (plus its xa_lock), so either rwsem gives a
 * stable view of it. Domains are not modelled: the domain fill/unfill steps take and drop the same locks
 * over an empty domain list.
 */
public final class IoPagetable
{
    /** xa_limit_16b of the access_list. */
    static final int ACCESS_LIST_LIMIT = 0xffff;
    static final int UNMAP_MAX_TRIES = 100;

    final Ioas ioas;
    final Kernel kernel;
    final RwSemaphore domainsRwsem;
    final RwSemaphore iovaRwsem;
    final AreaTree areaItree = new AreaTree();
    final XArray<Access> accessList;
    long iovaAlignment = 1;

    IoPagetable(final Ioas ioas)
    {
        this.ioas = ioas;
        this.kernel = ioas.kernel();
        this.domainsRwsem = new RwSemaphore(kernel, "iopt->domains_rwsem");
        this.iovaRwsem = new RwSemaphore(kernel, "iopt->iova_rwsem");
        this.accessList = new XArray<>(kernel, "iopt->access_list.xa_lock", "iopt->access_list");
    }

    Design design()
    {
        return ioas.owner.design();
    }

    public Ioas ioas()
    {
        return ioas;
    }

    public RwSemaphore domainsRwsem()
    {
        return domainsRwsem;
    }

    public RwSemaphore iovaRwsem()
    {
        return iovaRwsem;
    }

    public XArray<Access> accessList()
    {
        return accessList;
    }

    /** iopt_area_iter_first(): requires iova_rwsem. */
    public IoptArea areaIterFirst(final long start, final long last)
    {
        iovaRwsem.assertHeld();
        return areaItree.iterFirst(start, last);
    }

    /** iopt_area_iter_next() */
    public IoptArea areaIterNext(final IoptArea area, final long start, final long last)
    {
        return areaItree.iterNext(area, last);
    }

    // ------------------------------------------------------------------------------------------------ map

    /**
     * iopt_map_user_pages() with IOPT flags 0 (a fixed IOVA): map {@code length} bytes of {@code buffer} from
     * {@code uptrOffset} at {@code iova}. The area is inserted with pages == NULL (reserving the IOVA), the
     * domains are filled without iova_rwsem, then pages is published under iova_rwsem write while
     * domains_rwsem read is still held.
     */
    public int mapUserPages(final long iova, final UserBuffer buffer, final long uptrOffset, final long length,
        final int iommuProt)
    {
        if (length == 0)
        {
            return -EINVAL;
        }
        if (Ulong.addOverflows(uptrOffset, length))
        {
            return -EOVERFLOW;
        }
        if (uptrOffset < 0 || Ulong.gt(uptrOffset + length, buffer.length()))
        {
            return -EFAULT; /* pin_user_pages() of memory that is not mapped */
        }
        if (kernel.shouldFail("kzalloc(iopt_pages)"))
        {
            return -ENOMEM;
        }
        final long startByte = uptrOffset % Kernel.PAGE_SIZE;
        final int firstPage = (int)(uptrOffset / Kernel.PAGE_SIZE);
        final int npages = (int)((startByte + length + Kernel.PAGE_SIZE - 1) / Kernel.PAGE_SIZE);
        IoptPages pages = new IoptPages(kernel, buffer, firstPage, npages, (iommuProt & IoptArea.IOMMU_WRITE) != 0);

        /* iopt_alloc_area_pages() */
        if (kernel.shouldFail("kzalloc(iopt_area)"))
        {
            pages.put();
            return -ENOMEM;
        }
        IoptArea area = new IoptArea(kernel);
        int rc;
        iovaRwsem.downWrite();
        try
        {
            rc = allocAreaLocked(area, pages, iova, startByte, length, iommuProt);
        }
        finally
        {
            iovaRwsem.upWrite();
        }
        if (rc == 0)
        {
            kernel.delay(DelayPoint.MAP_FILL_WINDOW);
            /* iopt_map_pages(): fill domains, then publish the pages */
            domainsRwsem.downRead();
            try
            {
                rc = fillDomainsPages(area, pages);
                if (rc == 0)
                {
                    iovaRwsem.downWrite();
                    area.setPages(pages);
                    pages = null;
                    area = null;
                    iovaRwsem.upWrite();
                }
            }
            finally
            {
                domainsRwsem.upRead();
            }
        }
        if (area != null)
        {
            abortArea(area);
        }
        if (pages != null)
        {
            pages.put();
        }
        return rc;
    }

    private int allocAreaLocked(final IoptArea area, final IoptPages pages, final long iova, final long startByte,
        final long length, final int iommuProt)
    {
        if ((length & (iovaAlignment - 1)) != 0)
        {
            return -EINVAL;
        }
        int rc = checkIova(iova, length);
        if (rc != 0)
        {
            return rc;
        }
        rc = area.init(this, pages, iova, startByte, length, iommuProt, iovaAlignment);
        if (rc != 0)
        {
            area.iopt = null;
            return rc;
        }
        areaItree.insert(area);
        return 0;
    }

    /** iopt_check_iova() */
    private int checkIova(final long iova, final long length)
    {
        if ((iova & (iovaAlignment - 1)) != 0)
        {
            return -EINVAL;
        }
        if (Ulong.addOverflows(iova, length - 1))
        {
            return -EOVERFLOW;
        }
        if (areaIterFirst(iova, iova + length - 1) != null)
        {
            return -EEXIST;
        }
        return 0;
    }

    /** iopt_fill_domains_pages(): pages->mutex per area, domains_rwsem held; no domain here to fill. */
    private int fillDomainsPages(final IoptArea area, final IoptPages pages)
    {
        domainsRwsem.assertHeld();
        pages.mutex.lock();
        try
        {
            return kernel.shouldFail("iopt_area_fill_domains") ? -ENOMEM : 0;
        }
        finally
        {
            pages.mutex.unlock();
        }
    }

    /** iopt_area_unfill_domains(): pages->mutex, domains_rwsem held; nothing mapped in a domain to undo. */
    private void unfillDomains(final IoptArea area, final IoptPages pages)
    {
        domainsRwsem.assertHeld();
        pages.mutex.lock();
        pages.mutex.unlock();
    }

    /** iopt_abort_area(): unlink (iova_rwsem write) and kfree. */
    private void abortArea(final IoptArea area)
    {
        kernel.warnOn(area.pages() != null, "iopt_abort_area: area->pages still set");
        if (area.iopt != null)
        {
            iovaRwsem.downWrite();
            areaItree.remove(area);
            iovaRwsem.upWrite();
        }
        area.kfree();
    }

    // ---------------------------------------------------------------------------------------------- unmap

    /** iopt_unmap_iova() */
    public int unmapIova(final long iova, final long length, final MutableLong unmapped)
    {
        if (length == 0)
        {
            return -EINVAL;
        }
        if (Ulong.addOverflows(iova, length - 1))
        {
            return -EOVERFLOW;
        }
        return unmapIovaRange(iova, iova + length - 1, unmapped);
    }

    /** iopt_unmap_all() */
    public int unmapAll(final MutableLong unmapped)
    {
        return design().unmapAllResult(unmapIovaRange(0, Kernel.ULONG_MAX, unmapped));
    }

    /**
     * iopt_unmap_iova_range(): unmap every area inside [start, last]; areas must be wholly inside. Check order
     * per area: pages == NULL (-EBUSY), the design's lock check (v8: num_locks, -EBUSY), partial overlap
     * (-ENOENT), then num_accesses: set prevent_access, drop both rwsems, notify the accesses, retry (at most
     * 100 times, then WARN and -EDEADLOCK). A free drops only iova_rwsem. The design hooks sit exactly where
     * the patches of the series changed this function.
     */
    public int unmapIovaRange(long start, final long last, final MutableLong unmapped)
    {
        final Design design = design();
        long unmappedBytes = 0;
        int tries = 0;
        int rc = design.unmapRangeInitialRc();

        again:
        for (;;)
        {
            domainsRwsem.downRead();
            iovaRwsem.downWrite();
            final boolean internalPresent = design.unmapRangeScanAccessList(this);
            outUnlockIova:
            {
                IoptArea area;
                while ((area = areaIterFirst(start, last)) != null)
                {
                    final long areaLast = area.lastIova();
                    final long areaFirst = area.iova();

                    /* Userspace should not race map/unmap's of the same area */
                    if (area.pages() == null)
                    {
                        rc = -EBUSY;
                        break outUnlockIova;
                    }
                    /* v8: the area is locked by an object that has not been destroyed */
                    if (design.unmapRangeAreaLocked(area))
                    {
                        rc = -EBUSY;
                        break outUnlockIova;
                    }
                    /* The area is too small to unmap */
                    if (Ulong.lt(areaFirst, start) || Ulong.gt(areaLast, last))
                    {
                        rc = -ENOENT;
                        break outUnlockIova;
                    }
                    if (areaFirst != start)
                    {
                        tries = 0;
                    }
                    /* num_accesses writers must hold the iova_rwsem too, so reading it here is stable */
                    if (area.numAccesses() != 0)
                    {
                        if (design.unmapRangeRefusesAccesses(area, internalPresent))
                        {
                            rc = -EBUSY;
                            break outUnlockIova;
                        }
                        final long length = area.length();
                        start = areaFirst;
                        area.setPreventAccess(true);
                        iovaRwsem.upWrite();
                        domainsRwsem.upRead();
                        kernel.delay(DelayPoint.UNMAP_NOTIFY_WINDOW);
                        final int notified = design.unmapRangeNotify(this, area, areaFirst, length);
                        if (notified != Design.NOTIFY_VOID)
                        {
                            rc = notified;
                            if (rc != 0)
                            {
                                break outUnlockIova; /* the design re-took both locks */
                            }
                        }
                        /* Something is not responding to unmap requests. */
                        tries++;
                        if (tries > UNMAP_MAX_TRIES && kernel.warnOn(true,
                            "iopt_unmap_iova_range: unmap of [0x" + Long.toHexString(areaFirst)
                            + "] not completing after " + UNMAP_MAX_TRIES + " notifications"))
                        {
                            rc = -EDEADLOCK;
                            if (design.unmapRangeDeadlockReportsUnmapped() && unmapped != null)
                            {
                                unmapped.set(unmappedBytes); /* goto out_unmapped: the locks are already dropped */
                            }
                            return rc;
                        }
                        continue again;
                    }

                    final IoptPages pages = area.pages();
                    area.setPages(null);
                    iovaRwsem.upWrite();
                    kernel.delay(DelayPoint.UNMAP_FREE_WINDOW);

                    unfillDomains(area, pages);
                    abortArea(area);
                    pages.put();

                    unmappedBytes += areaLast - areaFirst + 1;

                    iovaRwsem.downWrite();
                    if (design.unmapRangeAdvancesStart())
                    {
                        /* 8602018b1f17: do not reconsider IOVA a concurrent map may have re-used */
                        if (Ulong.ge(areaLast, last))
                        {
                            break;
                        }
                        start = areaLast + 1;
                    }
                    if (design.unmapRangeResetsTriesAfterFree())
                    {
                        tries = 0;
                    }
                }
                rc = design.unmapRangeFinalRc(rc, unmappedBytes);
            }
            iovaRwsem.upWrite();
            domainsRwsem.upRead();
            break;
        }
        if (unmapped != null)
        {
            unmapped.set(unmappedBytes);
        }
        return rc;
    }

    // ------------------------------------------------------------------------------------- access list

    /** iopt_add_access(): both rwsems write, xa_alloc, recompute the IOVA alignment. */
    int addAccess(final Access access)
    {
        domainsRwsem.downWrite();
        iovaRwsem.downWrite();
        try
        {
            final int newId = accessList.alloc(access, ACCESS_LIST_LIMIT);
            if (newId < 0)
            {
                return newId;
            }
            final int rc = calculateIovaAlignment();
            if (rc != 0)
            {
                accessList.erase(newId);
                return rc;
            }
            access.setIoptAccessListId(newId);
            return 0;
        }
        finally
        {
            iovaRwsem.upWrite();
            domainsRwsem.upWrite();
        }
    }

    /** iopt_remove_access(): the id is passed in, since replace may already have rewritten the field. */
    void removeAccess(final Access access, final int ioptAccessListId)
    {
        domainsRwsem.downWrite();
        iovaRwsem.downWrite();
        try
        {
            kernel.warnOn(accessList.erase(ioptAccessListId) != access,
                "iopt_remove_access: access_list[" + ioptAccessListId + "] is not this access");
            kernel.warnOn(calculateIovaAlignment() != 0, "iopt_remove_access: alignment recalculation failed");
        }
        finally
        {
            iovaRwsem.upWrite();
            domainsRwsem.upWrite();
        }
    }

    /** iopt_calculate_iova_alignment(): max of the accesses' iova_alignment (no domains here). */
    private int calculateIovaAlignment()
    {
        iovaRwsem.assertHeldWrite();
        domainsRwsem.assertHeld();
        long newAlignment = 1;
        for (final XArray.Cursor<Access> xas = accessList.cursor(); xas.next();)
        {
            newAlignment = Math.max(newAlignment, xas.entry().iovaAlignment());
        }
        if (newAlignment > iovaAlignment)
        {
            final int rc = checkIovaAlignment(newAlignment);
            if (rc != 0)
            {
                return rc;
            }
        }
        iovaAlignment = newAlignment;
        return 0;
    }

    /** iopt_check_iova_alignment() */
    private int checkIovaAlignment(final long newAlignment)
    {
        final long mask = newAlignment - 1;
        for (int i = 0; i < areaItree.size(); i++)
        {
            final IoptArea area = areaItree.get(i);
            if ((area.iova() & mask) != 0 || (area.length() & mask) != 0
                || (area.startByte(area.iova()) & mask) != 0)
            {
                return -EADDRINUSE;
            }
        }
        return 0;
    }

    /** iopt_destroy_table(): what must be gone when the IOAS is freed. */
    void destroyTable()
    {
        kernel.warnOn(!accessList.isEmpty(), "iopt_destroy_table: access_list not empty");
        kernel.warnOn(areaItree.size() != 0, "iopt_destroy_table: areas left");
    }

    // ------------------------------------------------------------------------------------ inspection

    /** Number of areas (takes iova_rwsem read; for arbiters and tests). */
    public int areaCount()
    {
        iovaRwsem.downRead();
        try
        {
            return areaItree.size();
        }
        finally
        {
            iovaRwsem.upRead();
        }
    }

    /** The area covering iova, or null (takes iova_rwsem read; for arbiters and tests). */
    public IoptArea areaAt(final long iova)
    {
        iovaRwsem.downRead();
        try
        {
            return areaItree.iterFirst(iova, iova);
        }
        finally
        {
            iovaRwsem.upRead();
        }
    }

    public long iovaAlignment()
    {
        return iovaAlignment;
    }

    /** Sum over areas of num_accesses and num_locks, and the access-list size: all 0 on an idle IOAS. */
    public String countersToken()
    {
        iovaRwsem.downRead();
        try
        {
            int accesses = 0;
            int locks = 0;
            int prevent = 0;
            for (int i = 0; i < areaItree.size(); i++)
            {
                final IoptArea a = areaItree.get(i);
                accesses += a.numAccesses();
                locks += a.numLocks();
                prevent += a.preventAccess() ? 1 : 0;
            }
            return "areas=" + areaItree.size() + " num_accesses=" + accesses + " num_locks=" + locks
                + " prevent_access=" + prevent + " access_list=" + accessList.size();
        }
        finally
        {
            iovaRwsem.upRead();
        }
    }
}

package org.ioptstress.bench;

import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Mutex;
import org.ioptstress.kernel.RwSemaphore;
import org.ioptstress.kernel.SpinLock;

/**
 * The bare lock sequences of the measured paths: the same locks, in the same order and mode, with no logic
 * between them, so every score can be read as a multiple of what its locks alone cost. domains_rwsem,
 * iova_rwsem and the access list's xa_lock are the fixture IOAS's own objects; pages->mutex, an access's
 * ioas_lock and the selftest mdevs' locks are objects of the same lock classes (the real path allocates a new
 * iopt_pages, and so a new mutex, on every map). Refcount atomics (iommufd_lock_obj()/put) are not locks and
 * are left out.
 */
public final class LockFloor
{
    private final RwSemaphore domainsRwsem;
    private final RwSemaphore iovaRwsem;
    private final SpinLock xaLock;
    private final Mutex pagesMutex;
    private final Mutex ioasLock;
    private final Mutex[] mdevLocks;

    /** @param mdevs selftest mdevs whose ops->unmap a notify walks before the pinning access's */
    public LockFloor(final Fixture fixture, final int mdevs)
    {
        final Kernel kernel = fixture.ctx.kernel();
        this.domainsRwsem = fixture.iopt.domainsRwsem();
        this.iovaRwsem = fixture.iopt.iovaRwsem();
        this.xaLock = fixture.iopt.accessList().xaLock();
        this.pagesMutex = new Mutex(kernel, "iopt_pages->mutex");
        this.ioasLock = new Mutex(kernel, "access->ioas_lock");
        this.mdevLocks = new Mutex[mdevs];
        for (int i = 0; i < mdevs; i++)
        {
            mdevLocks[i] = new Mutex(kernel, "selftest_access->lock");
        }
    }

    /**
     * Which refused-unmap sequence a design runs: does it drop its locks and notify before refusing? Derived from
     * what its hooks do, not from its class: one IOMMU_IOAS_UNMAP of a HW queue's page on a throwaway fixture,
     * watching iopt_unmap_iova_range()'s notify window ({@link DelayPoint#UNMAP_NOTIFY_WINDOW}, where it has
     * dropped iova_rwsem and domains_rwsem to call notify_unmap). Reached: the refusal comes after the notify
     * and the re-lock (v7's pre-scan); not reached: refused under the unmapper's locks (v7-hoisted's scan, v8's
     * {@code num_locks}, any hook of that pass).
     *
     * @throws IllegalArgumentException when the design does not refuse that unmap with -EBUSY (baseline: no
     *                                  internal access, the unmap notifies 100 times and WARNs)
     */
    public static boolean refusesAfterNotify(final Design design)
    {
        if (!design.hasInternalAccess())
        {
            throw new IllegalArgumentException(design.name() + " does not refuse an unmap of HW queue memory");
        }
        try (Fixture probe = new Fixture(design.name(), "production", 1))
        {
            final long iova = Fixture.iovaOf(0);
            probe.map(0);
            probe.addHwQueue(iova);
            final boolean[] notified = new boolean[1];
            probe.ctx.kernel().hookDelay(DelayPoint.UNMAP_NOTIFY_WINDOW, () -> notified[0] = true);
            final int rc = probe.iopt.unmapIova(iova, Fixture.PAGE, null);
            probe.ctx.kernel().hookDelay(DelayPoint.UNMAP_NOTIFY_WINDOW, null);
            if (rc != -Errno.EBUSY)
            {
                throw new IllegalArgumentException(design.name() + " does not refuse an unmap of HW queue memory (rc "
                    + rc + ")");
            }
            return notified[0];
        }
    }

    /** iopt_unmap_iova_range() refusing under its locks (v7-hoisted, v8, upstream). */
    public void unmapRefusedLocked()
    {
        domainsRwsem.downRead();
        iovaRwsem.downWrite();
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
    }

    /** v7: set prevent_access, unlock, notify_unmap's pre-scan under xa_lock, re-lock to clear prevent_access. */
    public void unmapRefusedAfterNotify()
    {
        domainsRwsem.downRead();
        iovaRwsem.downWrite();
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
        xaLock.lock();
        xaLock.unlock();
        domainsRwsem.downRead();
        iovaRwsem.downWrite();
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
    }

    /** iopt_unmap_iova_range() freeing one area nobody pinned. */
    public void unmapFree()
    {
        domainsRwsem.downRead();
        iovaRwsem.downWrite();
        iovaRwsem.upWrite();
        pagesMutex.lock(); /* iopt_area_unfill_domains() */
        pagesMutex.unlock();
        iovaRwsem.downWrite(); /* iopt_abort_area() */
        iovaRwsem.upWrite();
        iovaRwsem.downWrite(); /* re-taken after the free, for the next area */
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
    }

    /** iopt_map_user_pages() of one area. */
    public void map()
    {
        iovaRwsem.downWrite(); /* iopt_alloc_area_pages() */
        iovaRwsem.upWrite();
        domainsRwsem.downRead();
        pagesMutex.lock(); /* iopt_fill_domains_pages() */
        pagesMutex.unlock();
        iovaRwsem.downWrite(); /* publish area->pages */
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
    }

    /** iommufd_access_pin_pages() or iommufd_access_unpin_pages() of one area: the two take the same locks. */
    public void pinOrUnpin()
    {
        ioasLock.lock();
        iovaRwsem.downRead();
        pagesMutex.lock(); /* iopt_area_add_access() / iopt_area_remove_access() */
        pagesMutex.unlock();
        iovaRwsem.upRead();
        ioasLock.unlock();
    }

    /**
     * iopt_unmap_iova_range() of an area an mdev pinned: the first pass drops both rwsems, notify_unmap walks
     * the access list dropping xa_lock around each ops->unmap (the idle selftest mdevs take their lock, the
     * pinning mdev unpins), the second pass frees the area.
     */
    public void unmapNotified()
    {
        domainsRwsem.downRead();
        iovaRwsem.downWrite();
        iovaRwsem.upWrite();
        domainsRwsem.upRead();
        xaLock.lock();
        for (final Mutex mdevLock : mdevLocks)
        {
            xaLock.unlock();
            mdevLock.lock();
            mdevLock.unlock();
            xaLock.lock();
        }
        xaLock.unlock();
        pinOrUnpin();
        xaLock.lock();
        xaLock.unlock();
        unmapFree();
    }
}

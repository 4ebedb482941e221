package org.ioptstress.bench;

import org.ioptstress.design.V7;
import org.ioptstress.design.V7Hoisted;
import org.ioptstress.design.V8;
import org.ioptstress.iommufd.Design;
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

    /** Which refused-unmap sequence a design runs: does it drop its locks and notify before refusing? */
    public static boolean refusesAfterNotify(final Design design)
    {
        if (design instanceof V8 || design instanceof V7Hoisted)
        {
            return false; /* num_locks, or the hoisted scan: refused under the unmapper's locks */
        }
        if (design instanceof V7)
        {
            return true; /* notify_unmap's pre-scan returns -EBUSY, then the unmapper re-locks */
        }
        throw new IllegalArgumentException(design.name() + " does not refuse an unmap of HW queue memory");
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

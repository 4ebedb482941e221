package org.ioptstress.iommufd;

import org.ioptstress.kernel.Kernel;

/**
 * A patch design: the iommufd code as one version of the internal-access series leaves it. The port's
 * functions are written once, as upstream before the series (BASE); every method here is one place where a
 * patch of the series changed a kernel function, named after that function, with the BASE behaviour as its
 * default. A design overrides exactly the hunks its patch changes, so a design class reads like its diff.
 *
 * <p>To add a design: extend the design it is a diff against, override the hunks (and {@link #role()} if it is
 * not its parent's), and list the class in {@code META-INF/services/org.ioptstress.iommufd.Design} of its
 * module: {@code org.ioptstress.design.Designs} finds it there, and the suite races, model-checks, explores,
 * benchmarks and floors it by default.
 */
public abstract class Design
{
    /** Returned by {@link #unmapRangeNotify} when notify_unmap is void (BASE, v8): the loop's rc is untouched. */
    public static final int NOTIFY_VOID = 1;

    /** Registry name, e.g. {@code "v8"}. */
    public abstract String name();

    /** One line: what the patch does and where it refuses an unmap. */
    public abstract String summary();

    /** What a design is to the campaign and the benchmarks; the registry lists designs in this order. */
    public enum Role
    {
        /** A kernel as a patch series leaves it (baseline, v7, v7-hoisted, v8, upstream): bugs included. */
        REAL_PATCH,
        /** A fix proposed here, raced beside the patches it fixes (right or wrong: the campaign says). */
        CANDIDATE_FIX,
        /** Deliberately broken to prove a scenario can fail; never benchmarked, never a candidate. */
        NEGATIVE_CONTROL
    }

    /** Its role; a design that is not what its parent is overrides this. */
    public Role role()
    {
        return Role.REAL_PATCH;
    }

    /**
     * Registered by the stress suite only (stress-tests {@code controls/}): a control of a race or a detector no
     * core test needs. Core designs are on every module's class path; these only where the suite is.
     */
    public boolean suiteOnly()
    {
        return false;
    }

    /** Deliberately broken to prove the suite can fail; never a candidate design. */
    public final boolean negativeControl()
    {
        return role() == Role.NEGATIVE_CONTROL;
    }

    @Override
    public String toString()
    {
        return name();
    }

    // ------------------------------------------------------------------------------------ device.c

    /** iommufd_access_create_internal() and friends exist (from the series' "Add internal APIs" patch). */
    public boolean hasInternalAccess()
    {
        return false;
    }

    /** iommufd_access_pin_pages(), CONFIG_IOMMUFD_TEST check: {@code iova_alignment != PAGE_SIZE || !ops->unmap}. */
    protected boolean pinPagesOpsInvalid(final Access access)
    {
        return access.iovaAlignment() != Kernel.PAGE_SIZE || access.ops().unmap() == null;
    }

    /** iommufd_access_pin_pages(): the {@code lock_area} argument to iopt_area_add_access() (v8: internal). */
    protected boolean pinLocksArea(final Access access)
    {
        return false;
    }

    /** iommufd_access_unpin_pages() and pin's rollback: the {@code unlock_area} argument (v8: internal). */
    protected boolean unpinUnlocksArea(final Access access)
    {
        return pinLocksArea(access);
    }

    /** iopt_area_add_access(), right after pages->mutex is released. Nothing happens here upstream. */
    protected void areaAddAccessUnlocked(final IoptArea area, final Access access)
    {
    }

    /** iommufd_access_change_ioas(): {@code if (access->ops->unmap)} around the unlocked unmap(0, ULONG_MAX). */
    protected boolean changeIoasCallsUnmap(final Access access)
    {
        return access.ops().unmap() != null;
    }

    /** iommufd_access_notify_unmap(), under xa_lock before the loop; an errno ends the notify (v7). */
    protected int notifyUnmapPrescan(final IoPagetable iopt)
    {
        return 0;
    }

    /**
     * iommufd_access_notify_unmap(): evaluated before iommufd_lock_obj(), so a skip takes no reference. Nothing
     * is skipped here upstream; a fix of v8's reference leak would skip internal accesses here.
     */
    protected boolean notifyUnmapSkipsBeforeLock(final Access access)
    {
        return false;
    }

    /**
     * iommufd_access_notify_unmap(): evaluated after iommufd_lock_obj() succeeded, as the second operand of
     * {@code if (!iommufd_lock_obj(&access->obj) || ...) continue;} (v8: is_internal). A skip here does not
     * put the reference lock_obj took.
     */
    protected boolean notifyUnmapSkips(final Access access)
    {
        return false;
    }

    /**
     * iommufd_access_notify_unmap(), with the reference held and xa_lock dropped: whether
     * {@code access->ops->unmap()} is called. Always upstream (a skip happens before, in the {@code if});
     * a fix that locks every access and skips only the callback of an internal one returns false for it.
     */
    protected boolean notifyUnmapCallsUnmap(final Access access)
    {
        return true;
    }

    // ------------------------------------------------------------------------------ io_pagetable.c

    /** iopt_unmap_iova_range(): {@code int rc = -ENOENT;} */
    protected int unmapRangeInitialRc()
    {
        return -org.ioptstress.kernel.Errno.ENOENT;
    }

    /** iopt_unmap_iova_range(), under both locks after {@code again:} (Kevin Tian's one-off scan). */
    protected boolean unmapRangeScanAccessList(final IoPagetable iopt)
    {
        return false;
    }

    /** iopt_unmap_iova_range(), after the {@code !area->pages} check: refuse with -EBUSY (v8: num_locks). */
    protected boolean unmapRangeAreaLocked(final IoptArea area)
    {
        return false;
    }

    /** iopt_unmap_iova_range(), in the num_accesses branch before any lock drop: refuse with -EBUSY. */
    protected boolean unmapRangeRefusesAccesses(final IoptArea area, final boolean internalPresent)
    {
        return false;
    }

    /**
     * iopt_unmap_iova_range(), locks dropped: {@code iommufd_access_notify_unmap(iopt, area_first, length);}.
     * Returns {@link #NOTIFY_VOID}, or (v6/v7) the notify's rc; a non-zero rc bails out to out_unlock_iova,
     * so a design returning one must have re-taken domains_rwsem (read) and iova_rwsem (write).
     */
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        return notifyUnmapVoid(iopt, areaFirst, length);
    }

    /** {@code iommufd_access_notify_unmap(iopt, area_first, length);} as the void call of BASE and v8. */
    protected static int notifyUnmapVoid(final IoPagetable iopt, final long areaFirst, final long length)
    {
        Access.notifyUnmap(iopt, areaFirst, length);
        return NOTIFY_VOID;
    }

    /**
     * iopt_unmap_iova_range(), {@code tries > 100}: whether -EDEADLOCK goes through {@code out_unmapped} and
     * reports the bytes already unmapped (b23e09f99977, the series' first patch from v7 on, Cc stable); before
     * it the function returned -EDEADLOCK directly and left {@code *unmapped} alone.
     */
    protected boolean unmapRangeDeadlockReportsUnmapped()
    {
        return false;
    }

    /** iopt_unmap_iova_range(), after a freed area: move start past it (8602018b1f17). */
    protected boolean unmapRangeAdvancesStart()
    {
        return false;
    }

    /**
     * iopt_unmap_iova_range(), after a freed area: {@code tries = 0;}. No kernel has it: since 8602018b the next
     * adjacent area starts at {@code start}, so {@code if (area_first != start) tries = 0;} no longer resets and
     * every notified area of one unmap counts towards the 100 tries (a fix candidate for that).
     */
    protected boolean unmapRangeResetsTriesAfterFree()
    {
        return false;
    }

    /** iopt_unmap_iova_range(), after the loop: {@code if (unmapped_bytes) rc = 0;} */
    protected int unmapRangeFinalRc(final int rc, final long unmappedBytes)
    {
        return unmappedBytes != 0 ? 0 : rc;
    }

    /** iopt_unmap_all(): {@code if (rc == -ENOENT) return 0;} */
    protected int unmapAllResult(final int rc)
    {
        return rc == -org.ioptstress.kernel.Errno.ENOENT ? 0 : rc;
    }

    /** iommufd_ioas_unmap(): turn "nothing unmapped" into -ENOENT in the ioctl (later upstream). */
    protected boolean ioasUnmapEmptyIsEnoent()
    {
        return false;
    }

    // -------------------------------------------------------------------------------------- viommu.c

    /** iommufd_hw_queue_alloc_phys(): the access that pins the queue (iommufd_access_create_internal()). */
    protected Access hwQueueAccessCreate(final IommufdCtx ictx)
    {
        return Access.createInternal(ictx);
    }

    /** iommufd_access_attach_internal() */
    protected int hwQueueAccessAttach(final Access access, final Ioas ioas)
    {
        return access.attachInternal(ioas);
    }

    /** iommufd_access_detach_internal() */
    protected void hwQueueAccessDetach(final Access access)
    {
        access.detach();
    }

    /** iommufd_access_destroy_internal() */
    protected void hwQueueAccessDestroy(final IommufdCtx ictx, final Access access)
    {
        Access.destroyInternal(ictx, access);
    }
}

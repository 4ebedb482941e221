package org.ioptstress.design;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.ENOENT;

import org.ioptstress.iommufd.Design;

/**
 * What the tests expect of each design where designs truly differ, one row per registered design. Everything
 * not listed here is expected to behave the same on every design. A design added to {@link Designs} without a
 * row is held to the correct semantics (those of upstream-notify-fix), so its first test run shows where it
 * differs; a row then states the difference.
 *
 * @param internalAccess             iommufd_access_create_internal() exists (baseline: the HW queue pins through
 *                                   an ordinary access whose unmap callback cannot unpin)
 * @param numLocks                   an internal pin raises {@code area->num_locks} (27b77ea5 and later)
 * @param queueUnmapRc               IOMMU_IOAS_UNMAP of the whole area a HW queue pins: -EBUSY where the unmapper
 *                                   refuses it, -EDEADLOCK (with one WARN) where it notifies 101 times in vain
 * @param queuePartialUnmapRc        the same for part of that area: v8's num_locks check precedes the
 *                                   partial-range check (-EBUSY); without it the partial check says -ENOENT
 * @param overRejects                v7 / v7-hoisted: -EBUSY for an area pinned only by an emulated device while
 *                                   an internal access exists anywhere on the IOAS (a legal unmap refused)
 * @param leaksNotifyRef             27b77ea5 as merged: {@code if (!iommufd_lock_obj(&a->obj) ||
 *                                   iommufd_access_is_internal(a)) continue;} keeps the users/wait_cnt ref it took
 * @param notificationsBeforeDeadlock ops->unmap calls before an unmap of an area whose access never unpins
 *                                   gives up: 101 ({@code tries > 100}); 1 where the pre-804ca14d
 *                                   {@code WARN_ON(area->num_accesses)} after the notify is back
 * @param emptyRangeIsZeroInIopt     afb47765: iopt_unmap_iova_range() of an empty range returns 0 and the
 *                                   IOAS_UNMAP ioctl turns it into -ENOENT (before: -ENOENT from io_pagetable.c)
 * @param notifiesLateInternal       v7 / v7-hoisted: an internal access attached after the scan for internal
 *                                   accesses is reached by the notify loop, which calls its NULL ops->unmap
 * @param advancesStart              8602018b: after freeing an area the loop moves start past it, so the next
 *                                   area, if adjacent, starts at start and its retries are not reset
 * @param deadlockReportsUnmapped    b23e09f99977 (from v7): -EDEADLOCK still reports the bytes already unmapped;
 *                                   before it (baseline) {@code *unmapped} is left alone
 * @param putsThroughNullIctx        notify_unmap() takes and puts a reference on an internal access, through its
 *                                   NULL {@code access->ictx}: an oops when that put wakes the queue's destroy
 */
public record DesignTraits(String name, boolean internalAccess, boolean numLocks, int queueUnmapRc,
    int queuePartialUnmapRc, boolean overRejects, boolean leaksNotifyRef, int notificationsBeforeDeadlock,
    boolean emptyRangeIsZeroInIopt, boolean notifiesLateInternal, boolean advancesStart, boolean deadlockReportsUnmapped,
    boolean putsThroughNullIctx, boolean resetsTriesAfterFree)
{
    public static DesignTraits of(final Design design)
    {
        return of(design.name());
    }

    public static DesignTraits of(final String name)
    {
        switch (name)
        {
            case "baseline":
                return new DesignTraits(name, false, false, -EDEADLOCK, -ENOENT, false, false, 101, false, false, false, false, false, false);
            case "v7":
            case "v7-hoisted":
                return new DesignTraits(name, true, false, -EBUSY, -ENOENT, true, false, 101, false, true, false, true, false, false);
            case "v8":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, true, 101, false, false, false, true, false, false);
            case "upstream":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, true, 101, true, false, true, true, false, false);
            case "upstream-notify-fix":
            /* a lost num_locks update needs two racing pinners: run alone it is upstream-notify-fix */
            case "broken-racy-num-locks":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, false, 101, true, false, true, true, false, false);
            case "upstream-notify-lock-then-put":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, false, 101, true, false, true, true, true, false);
            case "upstream-tries-fix":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, false, 101, true, false, true, true, false, true);
            case "broken-no-lock-check":
                return new DesignTraits(name, true, true, -EDEADLOCK, -ENOENT, false, false, 101, true, false, true, true, false, false);
            case "broken-area-after-unlock":
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, false, 1, true, false, true, true, false, false);
            default:
                /* A design added without a row is held to the correct kernel semantics (upstream-notify-fix's):
                   where it differs, the failing test shows how; add a row here to state the difference. */
                return new DesignTraits(name, true, true, -EBUSY, -EBUSY, false, false, 101, true, false, true, true, false, false);
        }
    }

    DesignTraits withName(final String newName)
    {
        return new DesignTraits(newName, internalAccess, numLocks, queueUnmapRc, queuePartialUnmapRc, overRejects,
            leaksNotifyRef, notificationsBeforeDeadlock, emptyRangeIsZeroInIopt, notifiesLateInternal, advancesStart,
            deadlockReportsUnmapped, putsThroughNullIctx, resetsTriesAfterFree);
    }

    /**
     * {@code tries} carries over from a freed area to the next adjacent one: 8602018b advances {@code start} past
     * each freed area, and only upstream-tries-fix resets {@code tries} after it.
     */
    public boolean triesCarryOver()
    {
        return advancesStart && !resetsTriesAfterFree;
    }

    /** The unmap of HW queue memory ends in WARN + -EDEADLOCK (and leaves prevent_access set on the area). */
    public boolean queueUnmapDeadlocks()
    {
        return queueUnmapRc == -EDEADLOCK;
    }
}

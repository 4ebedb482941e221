package org.ioptstress.iommufd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.ioptstress.kernel.Lockdep;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.kernel.XArray;

/**
 * The structural invariants of one context, checked while no operation is in flight: every counter the port
 * keeps equals what it counts, and every flag the kernel sets only for the duration of an operation is clear.
 * A race that leaves the state quietly wrong, with every call returning a legal errno, shows here.
 *
 * <ul>
 * <li>area: in the tree and not freed; {@code pages != NULL} (NULL only inside map/unmap); {@code num_accesses}
 * equals the users of its pages' {@code iopt_pages_access} records and the pins the drivers hold on it;
 * {@code num_locks} equals the pins of accesses whose unpin unlocks the area (v8: internal ones);
 * {@code prevent_access} clear, except after the -EDEADLOCK WARN of iopt_unmap_iova_range(), which leaves it set
 * for good in BASE and MERGED (kernel-reference.md R4);</li>
 * <li>iopt_pages: each index's pinned_pfns count equals the records covering it, npinned the indexes with one;
 * each user page's pin count equals the iopt_pages that pin it;</li>
 * <li>access: {@code ioas == ioas_unpin}; listed in its IOAS's access_list at its id; the list holds no other;
 * the IOAS's iova_alignment is the largest of its accesses';</li>
 * <li>object: not freed, no id left reserved (XA_ZERO_ENTRY); {@code wait_cnt} = 1 (the xarray's) + references
 * the caller holds; {@code users} = that + its structural holders: an IOAS its attached accesses and vIOMMUs, an
 * access its driver, a vIOMMU its HW queues, a HW queue the queue that depends on it.</li>
 * </ul>
 * The check reads fields without taking the kernel's locks (nothing else runs) and makes no report.
 */
public final class Invariants
{
    /** One pin a driver holds through {@code access}: the range it passed to iommufd_access_pin_pages(). */
    @FunctionalInterface
    public interface PinVisitor
    {
        void pin(Access access, long iova, long length);
    }

    /** A pin held by a driver the port does not model (a stress fixture's internal access). */
    public record DriverPin(Access access, long iova, long length)
    {
    }

    /** The WARN iopt_unmap_iova_range() gives with -EDEADLOCK, after which prevent_access stays set. */
    private static final String DEADLOCK_WARN = "not completing after";

    private final IommufdCtx ctx;
    private final List<String> violations = new ArrayList<>();

    private Invariants(final IommufdCtx ctx)
    {
        this.ctx = ctx;
    }

    /** The violations of a context on which nothing is in flight and nobody outside it holds a reference. */
    public static List<String> check(final IommufdCtx ctx)
    {
        return check(ctx, List.of(), List.of());
    }

    /**
     * @param heldRefs   objects the caller holds a reference on (iommufd_get_object() not yet put), once per ref
     * @param driverPins pins of drivers outside the port (the port's own selftest fds and HW queues are counted)
     * @return one line per violation, naming the object and the kernel field; empty when the state is sound
     */
    public static List<String> check(final IommufdCtx ctx, final Collection<? extends IommufdObject> heldRefs,
        final Collection<DriverPin> driverPins)
    {
        final Invariants inv = new Invariants(ctx);
        inv.run(heldRefs, driverPins);
        return inv.violations;
    }

    private void violation(final String line)
    {
        violations.add(line);
    }

    private void run(final Collection<? extends IommufdObject> heldRefs, final Collection<DriverPin> driverPins)
    {
        if (Lockdep.depthOfCurrentThread() != 0)
        {
            violation("locks held at an ioctl boundary: " + Lockdep.heldByCurrentThread());
        }
        final boolean[] reserved = new boolean[1];
        final List<IommufdObject> objects = ctx.objectsSnapshot(reserved);
        if (reserved[0])
        {
            violation("ictx->objects: an id is still reserved (XA_ZERO_ENTRY) with no allocation in flight");
        }
        for (final IommufdObject obj : objects)
        {
            if (obj.isFreed())
            {
                violation(obj.describe() + ": freed but still in ictx->objects");
            }
        }
        if (violations.size() != 0)
        {
            return; /* reading freed objects would only repeat this */
        }

        // ------------------------------------------------------------------- every pin any driver holds
        final Map<IommufdObject, int[]> holders = new IdentityHashMap<>();
        final List<DriverPin> pins = new ArrayList<>(driverPins);
        ctx.selftest.forEachPin((access, iova, length) -> pins.add(new DriverPin(access, iova, length)));
        for (final IommufdObject obj : objects)
        {
            if (obj instanceof HwQueue queue)
            {
                final Viommu viommu = queue.viommu();
                if (viommu != null)
                {
                    count(holders, viommu);
                }
                if (queue.mockPrev != null)
                {
                    count(holders, queue.mockPrev);
                }
                final Access access = queue.access();
                if (access != null && !access.isFreed())
                {
                    final long[] range = queue.pinnedRange();
                    pins.add(new DriverPin(access, range[0], range[1]));
                }
            }
            else if (obj instanceof Viommu viommu)
            {
                count(holders, viommu.ioas);
            }
            else if (obj instanceof Access access)
            {
                count(holders, access); /* the driver's reference until iommufd_access_destroy() */
                checkAccess(access);
                if (access.ioas() != null)
                {
                    count(holders, access.ioas());
                }
            }
        }
        for (final Access access : ctx.selftest.openAccesses())
        {
            if (access.isFreed())
            {
                violation(access.describe() + ": freed while its selftest fd is open");
            }
        }

        // ----------------------------------------------------------------------------- refcounts
        final Map<IommufdObject, int[]> held = new IdentityHashMap<>();
        for (final IommufdObject obj : heldRefs)
        {
            count(held, obj);
        }
        for (final IommufdObject obj : objects)
        {
            final int callerRefs = held.containsKey(obj) ? held.get(obj)[0] : 0;
            final int structural = holders.containsKey(obj) ? holders.get(obj)[0] : 0;
            final int waitCnt = obj.waitCnt.read();
            final int users = obj.users.read();
            if (waitCnt != 1 + callerRefs)
            {
                violation(obj.describe() + ": wait_cnt " + waitCnt + ", expected " + (1 + callerRefs)
                    + " (the xarray's" + (callerRefs != 0 ? " + " + callerRefs + " held" : "")
                    + "): a short-term reference nobody puts");
            }
            if (users != 1 + callerRefs + structural)
            {
                violation(obj.describe() + ": users " + users + ", expected " + (1 + callerRefs + structural)
                    + " (the xarray's + " + structural + " holders" + (callerRefs != 0 ? " + " + callerRefs + " held" : "")
                    + ")");
            }
        }

        // ------------------------------------------------------------------------- areas and pages
        final Map<UserBuffer, int[]> pagePins = new IdentityHashMap<>();
        final boolean deadlockWarned = deadlockWarned();
        for (final IommufdObject obj : objects)
        {
            if (obj instanceof Ioas ioas)
            {
                checkIopt(ioas, pins, deadlockWarned, pagePins);
            }
        }
        for (final UserBuffer buffer : ctx.buffers())
        {
            final int[] expected = pagePins.get(buffer);
            for (int page = 0; page < buffer.npages(); page++)
            {
                final int want = expected == null ? 0 : expected[page];
                if (buffer.pinCount(page) != want)
                {
                    violation("user page " + page + " of a buffer: pinned " + buffer.pinCount(page) + " times, "
                        + want + " iopt_pages pin it");
                }
            }
        }
    }

    private static void count(final Map<IommufdObject, int[]> map, final IommufdObject obj)
    {
        map.computeIfAbsent(obj, k -> new int[1])[0]++;
    }

    /** access->ioas == access->ioas_unpin outside change_ioas; listed at its id in its IOAS's access_list. */
    private void checkAccess(final Access access)
    {
        final Ioas ioas = access.ioas();
        if (ioas != access.ioasUnpin())
        {
            violation(access.describe() + ": ioas != ioas_unpin with no iommufd_access_change_ioas() in flight");
        }
        if (ioas == null)
        {
            return;
        }
        if (ioas.isFreed())
        {
            violation(access.describe() + ": ioas points to a freed IOAS");
            return;
        }
        if (ioas.iopt.accessList.load(access.ioptAccessListId()) != access)
        {
            violation(access.describe() + ": not at iopt_access_list_id " + access.ioptAccessListId()
                + " in its IOAS's access_list");
        }
    }

    private boolean deadlockWarned()
    {
        for (final Report report : ctx.reports().list())
        {
            if (report.kind() == Report.Kind.WARN && report.message().contains(DEADLOCK_WARN))
            {
                return true;
            }
        }
        return false;
    }

    private void checkIopt(final Ioas ioas, final List<DriverPin> pins, final boolean deadlockWarned,
        final Map<UserBuffer, int[]> pagePins)
    {
        final IoPagetable iopt = ioas.iopt;
        final String where = "IOAS " + ioas.id; /* cheap: built once per IOAS; messages only when violated */
        long alignment = 1;
        for (final XArray.Cursor<Access> xas = iopt.accessList.cursor(); xas.next();)
        {
            final int index = xas.index();
            final Access access = xas.entry();
            if (access.isFreed())
            {
                violation(where + ": access_list[" + index + "] is a freed access");
                continue;
            }
            if (access.ioas() != ioas || access.ioptAccessListId() != index)
            {
                violation(where + ": access_list[" + index + "] is " + access.describe() + ", attached elsewhere");
            }
            alignment = Math.max(alignment, access.iovaAlignment());
        }
        if (iopt.iovaAlignment != alignment)
        {
            violation(where + ": iova_alignment " + iopt.iovaAlignment + ", its accesses need " + alignment);
        }
        for (int i = 0; i < iopt.areaItree.size(); i++)
        {
            final IoptArea area = iopt.areaItree.get(i);
            if (area.isFreed())
            {
                violation(where + ": a freed area is in area_itree");
                continue;
            }
            final IoptPages pages = area.pages();
            if (pages == null)
            {
                violation(where + " " + area.describe() + ": pages == NULL with no map or unmap in flight");
                continue;
            }
            if (pages.isFreed())
            {
                violation(where + " " + area.describe() + ": pages points to freed iopt_pages");
                continue;
            }
            if (area.preventAccess() && !deadlockWarned)
            {
                violation(where + " " + area.describe() + ": prevent_access set with no unmap in flight (and no -EDEADLOCK)");
            }
            int expectAccesses = 0;
            int expectLocks = 0;
            for (final DriverPin pin : pins)
            {
                final Access access = pin.access();
                if (access.isFreed() || access.ioasUnpin() != ioas || pin.length() == 0)
                {
                    continue;
                }
                final long last = pin.iova() + pin.length() - 1;
                if (Ulong.lt(last, area.iova()) || Ulong.gt(pin.iova(), area.lastIova()))
                {
                    continue;
                }
                expectAccesses++;
                if (iopt.design().unpinUnlocksArea(access))
                {
                    expectLocks++;
                }
            }
            int recordUsers = 0;
            final int[] covered = new int[pages.npages()];
            for (final IoptPagesAccess record : pages.accessRecordsView())
            {
                recordUsers += record.users();
                if (record.users() <= 0)
                {
                    violation(where + " " + area.describe() + ": " + record.describe() + " with users " + record.users());
                }
                if (record.startIndex() < area.index() || record.lastIndex() > area.lastIndex())
                {
                    violation(where + " " + area.describe() + ": " + record.describe() + " outside the area's pages_node ["
                        + area.index() + ".." + area.lastIndex() + "]");
                    continue;
                }
                for (int index = record.startIndex(); index <= record.lastIndex(); index++)
                {
                    covered[index]++;
                }
            }
            if (area.numAccesses() != recordUsers)
            {
                violation(where + " " + area.describe() + ": num_accesses " + area.numAccesses() + " but its iopt_pages_access records have "
                    + recordUsers + " users");
            }
            if (area.numAccesses() != expectAccesses)
            {
                violation(where + " " + area.describe() + ": num_accesses " + area.numAccesses() + " but the drivers hold " + expectAccesses
                    + " pins on it");
            }
            if (area.numLocks() != expectLocks)
            {
                violation(where + " " + area.describe() + ": num_locks " + area.numLocks() + " but internal accesses hold " + expectLocks
                    + " pins on it");
            }
            long npinned = 0;
            final int[] bufferPins = pagePins.computeIfAbsent(pages.buffer(), b -> new int[b.npages()]);
            for (int index = 0; index < pages.npages(); index++)
            {
                if (pages.pinUsers(index) != covered[index])
                {
                    violation(where + " " + area.describe() + ": pinned_pfns[" + index + "] counted " + pages.pinUsers(index) + ", "
                        + covered[index] + " access records cover it");
                }
                if (pages.pinUsers(index) > 0)
                {
                    npinned++;
                    bufferPins[pages.firstPage() + index]++;
                }
            }
            if (pages.npinned() != npinned)
            {
                violation(where + " " + area.describe() + ": npinned " + pages.npinned() + ", " + npinned + " indexes pinned");
            }
        }
    }
}

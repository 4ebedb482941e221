package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.ENOENT;

import org.agrona.collections.MutableLong;
import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * IOAS_UNMAP of HW queue memory against the queue's whole teardown (IOMMU_DESTROY: unpin, detach, destroy the
 * internal access) followed by a second IOAS_UNMAP of the same range. While the queue lives the area is locked
 * (-EBUSY); once it is gone exactly one of the two unmaps frees the area. v7's unmapper re-takes its locks after
 * notify_unmap() refused and writes area->prevent_access: if the teardown and the second unmap freed the area in
 * that window, the write lands in freed memory. V7_RELOCK_WINDOW widens that window (it is reached on v7 only).
 */
public final class UnmapVsHwQueueTeardown extends Scenario
{
    public UnmapVsHwQueueTeardown()
    {
        super(new Spec("unmap-vs-hwqueue-teardown",
            "IOAS_UNMAP of HW queue memory races the queue's teardown followed by another unmap of the same range")
            .actors("unmap", "teardownThenUnmap")
            .ok("refused-while-locked", "the queue still pinned the area: -EBUSY; after the teardown the second unmap freed it")
            .ok("teardown-first", "the queue was gone: one unmap freed the area, the other found nothing or met the free")
            .fail("deadlock", "the unmap could not get the queue's pin released: WARN and -EDEADLOCK")
            .fail("area-left", "both unmaps returned and the area is still mapped")
            .fail("both-unmapped", "both unmaps reported freeing the same area")
            .fail("empty-success", "an unmap that freed nothing returned 0 (0 bytes) instead of -ENOENT")
            .controls("baseline", "broken-no-lock-check")
            .delays(100_000, DelayPoint.V7_RELOCK_WINDOW));
    }

    @Override
    public Trial newTrial(final Design design)
    {
        return new T(this, design);
    }

    private static final class T extends Trial
    {
        private static final long A = AREA_A;
        private final int ioas;
        private final int queue;
        private volatile int destroyRc = 1;
        private final MutableLong[] unmapped = {new MutableLong(-1), new MutableLong(-1)};

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            queue = check(ctx.hwQueueAlloc(viommu(ioas), 0, A, P), "IOMMU_HW_QUEUE_ALLOC");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            if (index == 0)
            {
                return ctx.ioasUnmap(ioas, A, P, unmapped[0]);
            }
            destroyRc = ctx.destroy(queue);
            return ctx.ioasUnmap(ioas, A, P, unmapped[1]);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.add("destroy", destroyRc).add("bytes1", unmapped[0].get()).add("bytes2", unmapped[1].get()).iopt(iopt(ioas));
            if (rc[0] == -EDEADLOCK || rc[1] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (destroyRc != 0)
            {
                return Case.UNEXPECTED;
            }
            if (areaAt(ioas, A))
            {
                return is("area-left");
            }
            if (rc[0] == 0 && rc[1] == 0)
            {
                /* v7 assigns notify_unmap()'s 0 to rc; a retry that finds the area gone keeps it */
                return unmapped[0].get() == 0 || unmapped[1].get() == 0 ? is("empty-success") : is("both-unmapped");
            }
            if (rc[0] == -EBUSY && rc[1] == 0)
            {
                return is("refused-while-locked");
            }
            /* one unmap freed it; the other found nothing (-ENOENT) or met the free in flight (pages == NULL, -EBUSY) */
            final int other = rc[0] == 0 ? rc[1] : rc[1] == 0 ? rc[0] : 0;
            if (other == -ENOENT || other == -EBUSY)
            {
                return is("teardown-first");
            }
            return Case.UNEXPECTED;
        }
    }
}

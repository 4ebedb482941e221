package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R2: IOAS_UNMAP of area A, pinned only by an emulated device, against a HW queue allocation pinning area B of
 * the same IOAS. A's device must be notified and unpin, and A freed, whether or not the queue's internal access
 * is already on the access list; v7's notify_unmap() refuses the whole IOAS once an internal access exists, and
 * v8's skip of internal accesses in iommufd_access_notify_unmap() keeps the reference iommufd_lock_obj() took.
 */
public final class UnmapMdevAreaVsHwQueueOtherArea extends Scenario
{
    public UnmapMdevAreaVsHwQueueOtherArea()
    {
        super(new Spec("unmap-mdev-area-vs-hwqueue-other-area",
            "IOAS_UNMAP of an area pinned only by an emulated device races a HW queue allocation on another area")
            .actors("unmap", "queue")
            .ok("both-succeeded", "the device unpinned on notify and its area was freed; the queue pinned the other area")
            .fail("deadlock", "the device's pin was not released: WARN and -EDEADLOCK after 100 notifications")
            .fail("rejected-legal-unmap", "unmap refused with -EBUSY although only an emulated device pinned the area")
            .fail("notify-leaked-ref", "notify_unmap kept a users/wait_cnt reference on the queue's internal access")
            .controls("v7", "v7-hoisted", "v8", "upstream"));
    }

    @Override
    public Trial newTrial(final Design design)
    {
        return new T(this, design);
    }

    private static final class T extends Trial
    {
        private static final long A = AREA_A;
        private static final long B = AREA_B;
        private final int ioas;
        private final int viommu;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithTwoAreas();
            viommu = viommu(ioas);
            check(ctx.testAccessPages(mdev(ioas), A, P, 0), "mdev pin");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : ctx.hwQueueAlloc(viommu, 0, B, P);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas));
            final String refs = Queues.accessRefs(ctx, rc[1], d);
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (rc[0] == -EBUSY && rc[1] > 0)
            {
                return is("rejected-legal-unmap");
            }
            if (rc[0] == 0 && rc[1] > 0 && !areaAt(ioas, A) && areaAt(ioas, B))
            {
                return Queues.leaked(refs) ? is("notify-leaked-ref") : is("both-succeeded");
            }
            return Case.UNEXPECTED;
        }
    }
}

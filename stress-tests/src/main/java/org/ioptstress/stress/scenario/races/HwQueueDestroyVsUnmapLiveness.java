package org.ioptstress.stress.scenario.races;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * Liveness, R4: a HW queue's teardown destroys its internal access with REMOVE_WAIT
 * (iommufd_object_dec_wait(): sleep until wait_cnt drains, 60 s) while an IOAS_UNMAP of another area of the
 * IOAS notifies the emulated device pinning it. The teardown must return: a short-term reference
 * iommufd_access_notify_unmap() takes must be put again, or the destroy sleeps its full 60 s (hung task).
 * Actor 0 (the teardown) is the one that must terminate; actor 1 (the unmap) is the jcstress signal.
 *
 * <p>Model checker only: jcstress's Termination harness starts the signal actor after the first one runs, so it
 * almost never reaches the window (its generated test is kept, for {@code ./iopt-stress jcstress}).
 */
public final class HwQueueDestroyVsUnmapLiveness extends Scenario
{
    public HwQueueDestroyVsUnmapLiveness()
    {
        super(new Spec("hwqueue-destroy-vs-unmap-liveness",
            "liveness: a HW queue teardown (internal access destroy) racing an unmap that notifies the IOAS must return")
            .actors("destroyQueue", "unmap")
            .ok("both-returned", "the teardown returned promptly and the unmap freed the device's area")
            .fail("rejected-legal-unmap", "unmap refused with -EBUSY although only an emulated device pinned the area")
            .controls("v8", "upstream")
            .liveness()
            /*
             * the lock-then-put candidate's null-deref: Lincheck's deterministic exploration reaches it at interleaving 8
             * on the model checker's monitor locks (131 on the j.u.c locks: no floor needed since)
             */
            .notOnJcstress("its Termination harness signals the unmap once the teardown runs, which has then nearly always"
                + " unlinked the queue's access: v8 failed in 1 of 6 quick runs, upstream in 0 of 6; the model checker"
                + " fails both at interleaving 3"));
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
        private final int queue;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithTwoAreas();
            check(ctx.testAccessPages(mdev(ioas), A, P, 0), "mdev pin");
            queue = check(ctx.hwQueueAlloc(viommu(ioas), 0, B, P), "IOMMU_HW_QUEUE_ALLOC");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.destroy(queue) : ctx.ioasUnmap(ioas, A, P);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas));
            if (rc[1] == -org.ioptstress.kernel.Errno.EBUSY)
            {
                return is("rejected-legal-unmap");
            }
            if (rc[0] == 0 && rc[1] == 0 && !areaAt(ioas, A))
            {
                return is("both-returned");
            }
            return Case.UNEXPECTED;
        }
    }
}

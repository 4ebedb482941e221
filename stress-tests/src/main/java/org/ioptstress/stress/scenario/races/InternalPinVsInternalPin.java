package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * Two internal accesses (two HW queues on the same guest memory) pin the same area at once. Pinners share
 * iova_rwsem (read), so iopt_area_add_access() must raise num_locks under pages->mutex: a lost increment leaves
 * the area looking unlocked while one queue still pins it. Checked after the race: one queue unpins, and an
 * unmap of the area must still be refused.
 */
public final class InternalPinVsInternalPin extends Scenario
{
    public InternalPinVsInternalPin()
    {
        super(new Spec("internal-pin-vs-internal-pin",
            "two internal accesses pin the same area concurrently; after one unpins, the area must stay locked")
            .actors("pin1", "pin2")
            .ok("still-locked", "both pins counted: after one unpin the unmap is still refused (-EBUSY)")
            .fail("lost-lock", "a pin was not counted: after one unpin the area of a live pin was not refused")
            .controls("broken-racy-num-locks", "baseline")
            .delays(20_000, DelayPoint.RACY_UPDATE_WINDOW));
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
        private final HwQueueDriver first;
        private final HwQueueDriver second;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            first = hwQueueDriver();
            second = hwQueueDriver();
            check(first.attach(ioas), "attach first internal access");
            check(second.attach(ioas), "attach second internal access");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return (index == 0 ? first : second).pin(A, P);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas));
            if (rc[0] != 0 || rc[1] != 0)
            {
                return Case.UNEXPECTED;
            }
            first.unpinOne();
            final int unmap = ctx.ioasUnmap(ioas, A, P);
            d.add("unmap-after-one-unpin", org.ioptstress.kernel.Errno.name(unmap));
            return unmap == -EBUSY ? is("still-locked") : is("lost-lock");
        }

        @Override
        protected void teardown()
        {
            first.destroy();
            second.destroy();
        }
    }
}

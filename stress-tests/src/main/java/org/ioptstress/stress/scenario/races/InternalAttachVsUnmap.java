package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * An internal access attaching to an IOAS (iopt_add_access(): both rwsems write, xa_alloc) while an unmapper is
 * inside iommufd_access_notify_unmap() for an area an emulated device pins, with xa_lock dropped around the
 * device's callback. The loop then reaches the new internal access: it must skip it without keeping a reference
 * (v7 calls its NULL ops->unmap, v8 keeps the iommufd_lock_obj() reference) and must not refuse the unmap.
 */
public final class InternalAttachVsUnmap extends Scenario
{
    public InternalAttachVsUnmap()
    {
        super(new Spec("internal-attach-vs-unmap",
            "an internal access attaches to the IOAS while an unmap notifies the emulated device pinning the area")
            .actors("unmap", "attach")
            .ok("both-succeeded", "the device unpinned and the area was freed; the internal access attached untouched")
            .fail("deadlock", "the device's pin was not released: WARN and -EDEADLOCK after 100 notifications")
            .fail("rejected-legal-unmap", "unmap refused with -EBUSY although only an emulated device pinned the area")
            .fail("notify-leaked-ref", "notify_unmap kept a users/wait_cnt reference on the internal access")
            .controls("v7", "v7-hoisted", "v8", "upstream")
            .delays(20_000, DelayPoint.NOTIFY_CALLBACK_WINDOW));
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
        private final HwQueueDriver internal;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            check(ctx.testAccessPages(mdev(ioas), A, P, 0), "mdev pin");
            internal = hwQueueDriver();
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : internal.attach(ioas);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            final String refs = internal.refs();
            d.iopt(iopt(ioas)).add("internal", "[" + refs + "]");
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (rc[0] == -EBUSY && rc[1] == 0)
            {
                return is("rejected-legal-unmap");
            }
            if (!Queues.IDLE.equals(refs))
            {
                return is("notify-leaked-ref");
            }
            if (rc[0] == 0 && rc[1] == 0 && !areaAt(ioas, A))
            {
                return is("both-succeeded");
            }
            return Case.UNEXPECTED;
        }

        @Override
        protected void teardown()
        {
            internal.destroy();
        }
    }
}

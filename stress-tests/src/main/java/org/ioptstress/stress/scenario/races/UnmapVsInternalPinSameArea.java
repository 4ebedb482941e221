package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.ENOENT;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R3: iopt_unmap_iova_range() (iova_rwsem write, reads num_locks) against iommufd_access_pin_pages() of an
 * internal access (iova_rwsem read, raises num_locks) on the same area. Pin first: the area is locked, unmap
 * -EBUSY. Unmap first: the area is gone (or pages == NULL while it is freed), the pin sees a hole, -ENOENT.
 */
public final class UnmapVsInternalPinSameArea extends Scenario
{
    public UnmapVsInternalPinSameArea()
    {
        super(new Spec("unmap-vs-internal-pin-same-area",
            "IOAS_UNMAP of an area races an internal access (HW queue) pinning that same area")
            .actors("unmap", "pin")
            .ok("unmap-won", "unmap freed the area first, the pin saw a hole (-ENOENT)")
            .ok("pin-won", "the pin locked the area first, the unmap was refused (-EBUSY)")
            .fail("deadlock", "nothing could unpin the locked area: WARN and -EDEADLOCK after 100 notifications")
            .fail("unmapped-pinned", "the unmap returned 0 while the pin holds the area's pages")
            .controls("baseline", "broken-no-lock-check"));
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
        private final HwQueueDriver internal;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithTwoAreas();
            internal = hwQueueDriver();
            check(internal.attach(ioas), "attach internal access");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : internal.pin(A, P);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas)).add("internal", internal.refs());
            final boolean present = areaAt(ioas, A);
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (rc[0] == 0 && rc[1] == 0)
            {
                return is("unmapped-pinned");
            }
            if (rc[0] == 0 && rc[1] == -ENOENT && !present)
            {
                return is("unmap-won");
            }
            if (rc[0] == -EBUSY && rc[1] == 0 && present)
            {
                return is("pin-won");
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

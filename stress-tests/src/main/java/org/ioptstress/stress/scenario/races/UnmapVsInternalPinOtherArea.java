package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R3, different areas: IOAS_UNMAP of area A against an internal access pinning area B of the same IOAS. Both
 * serialize on iova_rwsem, but neither may fail: a pinned area locks itself, not the IOAS (v8's per-area
 * num_locks; Nicolin on v7: "other range of unmap should be still allowed").
 */
public final class UnmapVsInternalPinOtherArea extends Scenario
{
    public UnmapVsInternalPinOtherArea()
    {
        super(new Spec("unmap-vs-internal-pin-other-area",
            "IOAS_UNMAP of area A races an internal access pinning area B of the same IOAS")
            .actors("unmap", "pin")
            .ok("independent", "both succeed in either order: A is freed, B is pinned")
            .fail("rejected-legal-unmap", "unmap of an unpinned area refused with -EBUSY because another area is locked")
            .controls("broken-ioas-wide-lock", "broken-scan-locks-accesses"));
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
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : internal.pin(B, P);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas)).add("internal", internal.refs());
            if (rc[0] == -EBUSY && rc[1] == 0)
            {
                return is("rejected-legal-unmap");
            }
            if (rc[0] == 0 && rc[1] == 0 && !areaAt(ioas, A) && areaAt(ioas, B))
            {
                return is("independent");
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

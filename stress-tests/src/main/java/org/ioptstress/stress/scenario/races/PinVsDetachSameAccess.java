package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.ENOENT;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R5: an emulated device pinning pages (iommufd_access_pin_pages() under ioas_lock) against
 * iommufd_access_detach() of the same access. Detach sets access->ioas = NULL, so a later pin gets -ENOENT, and
 * drops ioas_lock around ops->unmap(0, ULONG_MAX) so the driver unpins what it holds; afterwards nothing of
 * the access may stay pinned on the IOAS.
 */
public final class PinVsDetachSameAccess extends Scenario
{
    public PinVsDetachSameAccess()
    {
        super(new Spec("pin-vs-detach-same-access",
            "an emulated device pins pages while the same access is detached from its IOAS")
            .actors("pin", "detach")
            .ok("pin-then-detach", "the pin came first; detach's unmap callback unpinned it")
            .ok("detach-then-pin", "detach came first; the pin saw no IOAS (-ENOENT)")
            .fail("pins-left", "the access is detached but its pin still holds the area (num_accesses, pinned pages)")
            .controls("broken-change-ioas-no-unmap"));
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
        private final int fd;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            fd = mdev(ioas);
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            if (index == 0)
            {
                return ctx.testAccessPages(fd, A, P, 0);
            }
            ctx.accessOfFd(fd).detach();
            return 0;
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas)).add("pinned", ctx.pinnedPages());
            if (ctx.pinnedPages() != 0 || iopt(ioas).areaAt(A).numAccesses() != 0)
            {
                return is("pins-left");
            }
            if (rc[0] >= 0 && rc[1] == 0)
            {
                return is("pin-then-detach");
            }
            if (rc[0] == -ENOENT && rc[1] == 0)
            {
                return is("detach-then-pin");
            }
            return Case.UNEXPECTED;
        }
    }
}

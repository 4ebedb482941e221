package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EDEADLOCK;

import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R5: IOAS_UNMAP of an area pinned by an emulated device against iommufd_access_replace() of that device to
 * another IOAS. iommufd_access_change_ioas() adds the access to the new IOAS, drops ioas_lock around
 * ops->unmap(0, ULONG_MAX) so the device unpins from the old one, then removes it from the old access list. The
 * unmap must free the area whichever side unpins, and the access must end up on the new IOAS only.
 */
public final class UnmapVsAccessReplace extends Scenario
{
    public UnmapVsAccessReplace()
    {
        super(new Spec("unmap-vs-access-replace",
            "IOAS_UNMAP of an area races the emulated device pinning it being replaced onto another IOAS")
            .actors("unmap", "replace")
            .ok("unmapped", "the area was freed; the device moved to the other IOAS with nothing pinned")
            .fail("deadlock", "nobody unpinned from the old IOAS: WARN and -EDEADLOCK after 100 notifications")
            .fail("pins-left", "the device left pins on the old IOAS that nothing will drop")
            .controls("broken-change-ioas-no-unmap", "broken-notify-inverted-skip"));
    }

    @Override
    public Trial newTrial(final Design design)
    {
        return new T(this, design);
    }

    private static final class T extends Trial
    {
        private static final long A = IOVA;
        private static final long OTHER = IOVA + 16 * P;
        private final int ioas;
        private final int other;
        private final int fd;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioas();
            other = ioas();
            final UserBuffer buf = buffer(4);
            map(ioas, A, buf, 0, 1);
            map(other, OTHER, buf, 2, 1);
            fd = mdev(ioas);
            check(ctx.testAccessPages(fd, A, P, 0), "mdev pin");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : ctx.testAccessReplaceIoas(fd, other);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas)).add("pinned", ctx.pinnedPages());
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (ctx.pinnedPages() != 0)
            {
                return is("pins-left");
            }
            if (rc[0] == 0 && rc[1] == 0 && !areaAt(ioas, A) && iopt(ioas).accessList().isEmpty()
                && iopt(other).accessList().size() == 1)
            {
                return is("unmapped");
            }
            return Case.UNEXPECTED;
        }
    }
}

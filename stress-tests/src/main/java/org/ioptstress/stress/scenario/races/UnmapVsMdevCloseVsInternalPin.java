package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;

import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * The design card's three-way race: IOAS_UNMAP of an area, close() of the emulated device pinning it (access
 * destroy), and an internal access pinning the same area. Needs 3 CPUs. Its pairs run as 2-actor scenarios:
 * unmap | internal pin ({@code unmap-vs-internal-pin-same-area}), unmap | device close
 * ({@code unmap-vs-mdev-close}), unmap | queue pin with the device's pin held ({@code
 * unmap-vs-hwqueue-alloc-same-area}) and the internal access joining mid-notify ({@code internal-attach-vs-unmap}).
 */
public final class UnmapVsMdevCloseVsInternalPin extends Scenario
{
    public UnmapVsMdevCloseVsInternalPin()
    {
        super(new Spec("unmap-vs-mdev-close-vs-internal-pin",
            "three-way: IOAS_UNMAP of an area, close() of the emulated device pinning it, an internal pin of the same area")
            .actors("unmap", "close", "pin")
            .ok("pin-won", "the internal pin locked the area first: unmap -EBUSY, the area stays")
            .ok("unmap-won", "the unmap blocked new pins and freed the area: the pin got -EINVAL or -ENOENT")
            .fail("deadlock", "nothing could unpin: WARN and -EDEADLOCK after 100 notifications")
            .fail("unmapped-pinned", "the unmap returned 0 while the internal pin holds the area")
            .fail("notify-leaked-ref", "notify_unmap kept a users/wait_cnt reference on the internal access")
            .controls("broken-no-lock-check", "v8")
            .coveredBy("unmap-vs-internal-pin-same-area", "unmap-vs-mdev-close", "unmap-vs-hwqueue-alloc-same-area",
                "internal-attach-vs-unmap"));
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
        private final HwQueueDriver internal;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            fd = mdev(ioas);
            check(ctx.testAccessPages(fd, A, P, 0), "mdev pin");
            internal = hwQueueDriver();
            check(internal.attach(ioas), "attach internal access");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            switch (index)
            {
                case 0: return ctx.ioasUnmap(ioas, A, P);
                case 1: return ctx.closeFd(fd);
                default: return internal.pin(A, P);
            }
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            final String refs = internal.refs();
            d.iopt(iopt(ioas)).add("internal", "[" + refs + "]");
            final boolean present = areaAt(ioas, A);
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (rc[0] == 0 && rc[2] == 0)
            {
                return is("unmapped-pinned");
            }
            if (!Queues.IDLE.equals(refs))
            {
                return is("notify-leaked-ref");
            }
            if (rc[0] == -EBUSY && rc[2] == 0 && present && rc[1] == 0)
            {
                return is("pin-won");
            }
            if (rc[0] == 0 && (rc[2] == -EINVAL || rc[2] == -ENOENT) && !present && rc[1] == 0)
            {
                return is("unmap-won");
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

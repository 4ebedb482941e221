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
 * S22 (804ca14d04df, syzbot): two IOAS_UNMAPs of an area an emulated device pins. Each drops its locks to notify
 * the device; once one notify has made the device unpin, the other unmapper may free the area. Anything that
 * touches {@code area} after the locks were dropped (the pre-804ca14d {@code WARN_ON(READ_ONCE(area->num_accesses))})
 * reads freed memory. Exactly one unmap frees the area.
 */
public final class UnmapVsUnmapMdevArea extends Scenario
{
    public UnmapVsUnmapMdevArea()
    {
        super(new Spec("unmap-vs-unmap-mdev-area",
            "two IOAS_UNMAPs of the same area an emulated device pins, each dropping its locks to notify")
            .actors("unmap1", "unmap2")
            .ok("one-unmapped", "one unmap freed the area; the other found nothing (-ENOENT) or met it being freed (-EBUSY)")
            .fail("deadlock", "the device's pin was not released: WARN and -EDEADLOCK")
            .fail("both-unmapped", "both unmaps reported freeing the same area")
            .fail("empty-success", "an unmap that freed nothing returned 0 (0 bytes) instead of -ENOENT")
            .fail("area-left", "both unmaps returned and the area is still mapped")
            .controls("broken-area-after-unlock", "broken-bug-on-accesses")
            .delays(20_000, DelayPoint.NOTIFY_CALLBACK_WINDOW, DelayPoint.UNMAP_NOTIFY_WINDOW));
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
        private final MutableLong[] unmapped = {new MutableLong(-1), new MutableLong(-1)};

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioasWithOneArea();
            check(ctx.testAccessPages(mdev(ioas), A, P, 0), "mdev pin");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return ctx.ioasUnmap(ioas, A, P, unmapped[index]);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.add("bytes1", unmapped[0].get()).add("bytes2", unmapped[1].get()).iopt(iopt(ioas));
            if (rc[0] == -EDEADLOCK || rc[1] == -EDEADLOCK)
            {
                return is("deadlock");
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
            final int other = rc[0] == 0 ? rc[1] : rc[1] == 0 ? rc[0] : 1;
            if (other == -ENOENT || other == -EBUSY)
            {
                return is("one-unmapped");
            }
            return Case.UNEXPECTED;
        }
    }
}

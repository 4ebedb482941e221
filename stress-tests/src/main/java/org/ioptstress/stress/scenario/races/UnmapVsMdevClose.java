package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EDEADLOCK;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R4: IOAS_UNMAP of an area pinned by an emulated device against close() of that device's fd, which unpins its
 * items and destroys the access (iommufd_access_destroy(), REMOVE_WAIT). Once the access's users reach 0,
 * iommufd_access_notify_unmap() skips it (lock_obj fails) and the unmapper retries until the destroy path has
 * unpinned; the unmap must still free the area, within its 100 notifications.
 *
 * <p>The same race reaches a window the series did not touch: iommufd_access_notify_unmap() calls
 * iommufd_lock_obj() under the access list's xa_lock, not under ictx->objects' xa_lock, so its users increment
 * (undone at once when wait_cnt is already 0) can land between iommufd_object_remove()'s
 * {@code refcount_dec(&obj->users)} and {@code refcount_dec_if_one(&obj->users)}: -EBUSY, and
 * iommufd_object_destroy_user() WARNs. Rare (about 1 in 10^4 trials here), on every design. The driver frees its
 * selftest_access regardless: if notify's lock_obj succeeds after the failed remove restored wait_cnt, its
 * ops->unmap runs on freed memory (USE_AFTER_FREE); and the access keeps its file reference on the context,
 * which is then never released (LEAK at close). DestroyBusyTest (core) forces that interleaving, and
 * {@link UnmapVsMdevCloseDestroyBusy} widens it and owns it (FAILED there on every design); this scenario leaves
 * the windows as they are, so its cases say how the series' unmap and the device's release meet, and accepts
 * destroy-busy as interesting (jcstress ACCEPTABLE_INTERESTING, reports included): at its natural rate a quick run
 * may or may not sample it, and a verdict that flips on luck would be a flake, not a finding.
 */
public class UnmapVsMdevClose extends Scenario
{
    public UnmapVsMdevClose()
    {
        this(new Spec("unmap-vs-mdev-close",
            "IOAS_UNMAP of an area races close() of the emulated device pinning it (access destroy, pins held)")
            .controls("broken-notify-inverted-skip", "broken-notify-under-iova-rwsem")
            .actors("unmap", "close")
            .ok("unmapped", UNMAPPED)
            .fail("deadlock", DEADLOCK)
            /* rare here (~1e-4): judged by the scenario that widens it, so a run that misses it here is no flake */
            .interesting("destroy-busy", "destroy-busy, judged in unmap-vs-mdev-close-destroy-busy (which widens its"
                + " windows and fails on every design): " + DESTROY_BUSY));
    }

    static final String UNMAPPED = "the area was freed after the device unpinned, by notify or by its own release";
    static final String DEADLOCK = "nobody unpinned in time: WARN and -EDEADLOCK after 100 notifications";
    static final String DESTROY_BUSY = "iommufd_object_remove() met notify_unmap()'s transient iommufd_lock_obj()"
        + " reference: -EBUSY, WARN in iommufd_object_destroy_user(), the access outlives close() with its driver data"
        + " freed (a later ops->unmap is a use-after-free) and the context is never released (BASE code, every design)";

    /** The same fixture, actors and judgement under another id, with its own windows and cases ({@code spec}'s). */
    protected UnmapVsMdevClose(final Spec spec)
    {
        super(spec);
    }

    @Override
    public final Trial newTrial(final Design design)
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
            check(ctx.testAccessPages(fd, A, P, 0), "mdev pin");
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            return index == 0 ? ctx.ioasUnmap(ioas, A, P) : ctx.closeFd(fd);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.iopt(iopt(ioas));
            if (kernel.reports().list().stream().anyMatch(r -> r.message().startsWith("iommufd_object_destroy_user")))
            {
                return is("destroy-busy");
            }
            if (rc[0] == -EDEADLOCK)
            {
                return is("deadlock");
            }
            if (rc[0] == 0 && rc[1] == 0 && !areaAt(ioas, A))
            {
                return is("unmapped");
            }
            return Case.UNEXPECTED;
        }
    }
}

package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EEXIST;

import org.agrona.collections.MutableLong;
import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Trial;

/**
 * R6 (8602018b1f17): one IOAS_UNMAP of two neighbouring single-page areas [X] and [X+P] against IOAS_MAP of
 * [X], identical to the first area. iopt_unmap_iova_range() drops iova_rwsem to free each area; once [X] is
 * freed the map may take it again. Before 8602018b the loop searched again from the original start, so it met
 * the new [X]: half-built (pages == NULL, -EBUSY) or complete (unmapped it, reporting more bytes than the range
 * held). Upstream moves start past each freed area, so the new mapping survives. The map retries -EEXIST until
 * the unmap returned (at most 2000 times), so it lands in the window whenever the window exists.
 */
public final class MapVsUnmapIdentical extends Scenario
{
    public MapVsUnmapIdentical()
    {
        super(new Spec("map-vs-unmap-identical",
            "IOAS_UNMAP of neighbouring areas [X] and [X+P] races IOAS_MAP of [X] again")
            .actors("unmap", "map")
            .ok("map-refused", "the map gave up while [X] still existed (-EEXIST); the unmap freed both areas")
            .ok("map-after-free", "the map (retrying -EEXIST) re-used [X] once freed and its new mapping survived the unmap")
            .fail("ate-new-mapping", "the unmap also freed the mapping made after it started (more bytes than the range held)")
            .fail("unmap-ebusy-after-free", "the unmap met the new half-built [X] (pages == NULL) and failed -EBUSY after freeing")
            .controls("baseline", "v7", "v7-hoisted", "v8")
            /* Lincheck's deterministic exploration meets v8's window at interleaving 58 (baseline, v7 13; v7-hoisted 21) */
            .modelCheckerAtLeast(75, "v8")
            .delays(50_000, DelayPoint.UNMAP_FREE_WINDOW));
    }

    @Override
    public Trial newTrial(final Design design)
    {
        return new T(this, design);
    }

    private static final class T extends Trial
    {
        private static final long X = IOVA;
        private static final int MAP_ATTEMPTS = 2_000;
        private final int ioas;
        private final UserBuffer buf;
        private final MutableLong unmapped = new MutableLong();
        private volatile boolean unmapDone;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioas();
            buf = buffer(4);
            map(ioas, X, buf, 0, 1);
            map(ioas, X + P, buf, 1, 1);
            armDelays();
        }

        @Override
        protected int actor(final int index)
        {
            if (index == 0)
            {
                final int rc = ctx.ioasUnmap(ioas, X, 2 * P, unmapped);
                unmapDone = true;
                return rc;
            }
            /* map [X] the moment it is free: retry -EEXIST until the unmap returned (bounded, for serial engines) */
            int rc;
            boolean last;
            int attempts = 0;
            do
            {
                last = unmapDone;
                rc = ctx.ioasMap(ioas, X, buf, 2 * P, P);
            }
            while (rc == -EEXIST && !last && ++attempts < MAP_ATTEMPTS);
            return rc;
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            d.add("unmapped-pages", unmapped.get() / P).iopt(iopt(ioas));
            final boolean present = areaAt(ioas, X);
            if (rc[0] == -EBUSY)
            {
                return is("unmap-ebusy-after-free");
            }
            if (rc[0] == 0 && unmapped.get() > 2 * P || rc[1] == 0 && !present)
            {
                return is("ate-new-mapping");
            }
            if (rc[0] == 0 && rc[1] == -EEXIST && !present && !areaAt(ioas, X + P))
            {
                return is("map-refused");
            }
            if (rc[0] == 0 && rc[1] == 0 && present && !areaAt(ioas, X + P))
            {
                return is("map-after-free");
            }
            return Case.UNEXPECTED;
        }
    }
}

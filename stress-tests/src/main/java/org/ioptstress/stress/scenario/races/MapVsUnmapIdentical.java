package org.ioptstress.stress.scenario.races;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EEXIST;

import org.agrona.collections.MutableLong;
import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
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
 *
 * <p>Under the model checker a retry before the unmap freed anything is wasted events (each a whole IOAS_MAP: its
 * locks, its area), up to 2000 per interleaving. There the map sleeps between retries until the unmap's free path
 * passed its delay point ({@code UNMAP_FREE_WINDOW}, hooked) or the unmap returned: one blocking step. Nothing is
 * lost: [X] becomes free only on that path, after the point, and the woken map may run at any switch point after
 * it, so every moment a spinning map could take [X] is still explored.
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
            /* the model checker's guided schedule holds the unmap at its UNMAP_FREE_WINDOW: every window within the quick budget */
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
        /** Under the model checker: the unmap's progress the map sleeps on between retries; null elsewhere. */
        private final Progress progress;

        T(final Scenario scenario, final Design design)
        {
            super(scenario, design);
            ioas = ioas();
            buf = buffer(4);
            map(ioas, X, buf, 0, 1);
            map(ioas, X + P, buf, 1, 1);
            armDelays();
            final Kernel.Atomic modelChecker = kernel.config().modelChecker();
            progress = modelChecker == null ? null : new Progress(modelChecker);
            if (progress != null)
            {
                kernel.hookDelay(DelayPoint.UNMAP_FREE_WINDOW, progress::advance);
            }
        }

        @Override
        protected int actor(final int index)
        {
            if (index == 0)
            {
                final int rc = ctx.ioasUnmap(ioas, X, 2 * P, unmapped);
                unmapDone = true;
                if (progress != null)
                {
                    progress.advance();
                }
                return rc;
            }
            if (progress != null)
            {
                return mapWhenFreed();
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

        /** The map under the model checker: a retry only after the unmap made progress, sleeping in between. */
        private int mapWhenFreed()
        {
            for (;;)
            {
                final long seen = progress.generation();
                final boolean last = unmapDone;
                final int rc = ctx.ioasMap(ioas, X, buf, 2 * P, P);
                if (rc != -EEXIST || last)
                {
                    return rc;
                }
                progress.awaitPast(seen);
            }
        }

        /**
         * A generation the unmap advances at each area it frees and when it returns; the map sleeps on its monitor
         * (one blocking step to the model checker, announced to a guided schedule as a sleep).
         */
        private static final class Progress
        {
            private final Kernel.Atomic modelChecker;
            private volatile long generation;

            Progress(final Kernel.Atomic modelChecker)
            {
                this.modelChecker = modelChecker;
            }

            long generation()
            {
                return generation;
            }

            synchronized void advance()
            {
                generation++;
                modelChecker.wakeUp(this);
                notifyAll();
            }

            synchronized void awaitPast(final long seen)
            {
                while (generation == seen)
                {
                    try
                    {
                        modelChecker.sleepOn(this, 0);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
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

package org.ioptstress.stress.scenario.races;

import org.ioptstress.kernel.DelayPoint;

/**
 * R4's destroy-busy race made frequent: the fixture, actors and judgement of {@link UnmapVsMdevClose}, with the
 * two windows that meet widened. iommufd_access_notify_unmap() takes iommufd_lock_obj() under the access list's
 * xa_lock, not ictx->objects', so its users increment (LOCK_OBJ_WINDOW: users raised, wait_cnt not yet) can
 * overlap iommufd_object_remove()'s gap between {@code refcount_dec(&obj->users)} and
 * {@code refcount_dec_if_one(&obj->users)} (OBJECT_REMOVE_WINDOW): -EBUSY, WARN in iommufd_object_destroy_user().
 * Code before the series, so every real design fails here; a design that passes would take notify's reference
 * under ictx->objects' lock as iommufd_get_object() does.
 *
 * <p>jcstress only, measured under the model checker's guided schedule (session 8, {@code ModelCheck --scenarios
 * unmap-vs-mdev-close-destroy-busy --invocations N} with the skip lifted): every real design OK within the quick
 * budget (25); destroy-busy first at interleaving 55 (v7-hoisted), 88 (upstream, upstream-notify-fix,
 * upstream-notify-lock-then-put, upstream-tries-fix), 242 (v7), 293 (baseline, v8); jcstress: 103-245 ms. The guide
 * holds an actor at the first delay point it reaches, and the unmap's first LOCK_OBJ_WINDOW is IOAS_UNMAP's own
 * iommufd_get_object() of the IOAS, so the close runs to its end before notify's iommufd_lock_obj() of the access
 * (a guide that let that first point pass failed all eight at interleaving 1: a follow-up, not taken here).
 */
public final class UnmapVsMdevCloseDestroyBusy extends UnmapVsMdevClose
{
    public UnmapVsMdevCloseDestroyBusy()
    {
        super(new Spec("unmap-vs-mdev-close-destroy-busy",
            "unmap-vs-mdev-close with notify_unmap()'s iommufd_lock_obj() and iommufd_object_remove() windows widened")
            .controls("baseline", "v8", "upstream")
            .delays(100_000, DelayPoint.LOCK_OBJ_WINDOW, DelayPoint.OBJECT_REMOVE_WINDOW)
            .notOnModelChecker("its guided schedule holds the unmap at the first of its delay points it reaches,"
                + " IOAS_UNMAP's own iommufd_get_object() of the IOAS, not notify's iommufd_lock_obj() of the access: every real design OK"
                + " in the quick budget's 25 interleavings, destroy-busy first at 55 (v7-hoisted), 88 (upstream and its"
                + " candidates), 242 (v7), 293 (baseline, v8); jcstress finds it within 0.3 s")
            .actors("unmap", "close")
            .ok("unmapped", UNMAPPED)
            .fail("deadlock", DEADLOCK)
            .fail("destroy-busy", DESTROY_BUSY)); /* the scenario that owns it: FAILED on every design */
    }
}

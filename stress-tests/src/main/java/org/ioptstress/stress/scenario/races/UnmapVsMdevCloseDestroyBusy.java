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
 * <p>jcstress only: the model checker ignores delay points, so to it this is {@code unmap-vs-mdev-close} again
 * (20-35 s per pair at the quick budget, for no interleaving that scenario does not already explore).
 */
public final class UnmapVsMdevCloseDestroyBusy extends UnmapVsMdevClose
{
    public UnmapVsMdevCloseDestroyBusy()
    {
        super(new Spec("unmap-vs-mdev-close-destroy-busy",
            "unmap-vs-mdev-close with notify_unmap()'s iommufd_lock_obj() and iommufd_object_remove() windows widened")
            .controls("baseline", "v8", "upstream")
            .delays(100_000, DelayPoint.LOCK_OBJ_WINDOW, DelayPoint.OBJECT_REMOVE_WINDOW)
            .notOnModelChecker("its point is two delay points the model checker ignores; without them it is"
                + " unmap-vs-mdev-close, which the model checker runs")
            .actors("unmap", "close")
            .ok("unmapped", UNMAPPED)
            .fail("deadlock", DEADLOCK)
            .fail("destroy-busy", DESTROY_BUSY)); /* the scenario that owns it: FAILED on every design */
    }
}

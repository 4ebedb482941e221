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
 */
public final class UnmapVsMdevCloseDestroyBusy extends UnmapVsMdevClose
{
    public UnmapVsMdevCloseDestroyBusy()
    {
        super(new Spec("unmap-vs-mdev-close-destroy-busy",
            "unmap-vs-mdev-close with notify_unmap()'s iommufd_lock_obj() and iommufd_object_remove() windows widened")
            .controls("baseline", "v8", "upstream")
            .delays(100_000, DelayPoint.LOCK_OBJ_WINDOW, DelayPoint.OBJECT_REMOVE_WINDOW));
    }
}

package org.ioptstress.kernel;

/**
 * The windows where a kernel path drops a lock and takes it again (or publishes a half-done state): the places
 * a race lives. A stress scenario may widen chosen windows with a short busy delay, as KCSAN injects delays,
 * so a rare interleaving shows within a short run. All are off unless a scenario turns them on.
 */
public enum DelayPoint
{
    /** iopt_unmap_iova_range(): iova_rwsem and domains_rwsem dropped around iommufd_access_notify_unmap(). */
    UNMAP_NOTIFY_WINDOW,
    /** iopt_unmap_iova_range(): iova_rwsem dropped while the area is unfilled and freed. */
    UNMAP_FREE_WINDOW,
    /** iommufd_access_notify_unmap(): xa_lock dropped around one ops->unmap() callback. */
    NOTIFY_CALLBACK_WINDOW,
    /** iommufd_access_change_ioas(): ioas_lock dropped around ops->unmap(0, ULONG_MAX). */
    CHANGE_IOAS_WINDOW,
    /** iopt_map_pages(): the area is in the tree with pages == NULL while domains are filled. */
    MAP_FILL_WINDOW,
    /** iommufd_access_pin_pages(): between two contiguous areas of one pin. */
    PIN_AREA_WINDOW,
    /**
     * iommufd_lock_obj(): users raised, wait_cnt not yet. Under the container's xa_lock (the access list's, in
     * notify_unmap), not ictx->objects', so iommufd_object_remove() can run in it (the destroy-busy race).
     */
    LOCK_OBJ_WINDOW,
    /** iommufd_object_remove(), under xa_lock(&ictx->objects): the caller's users ref dropped, refcount_dec_if_one() next. */
    OBJECT_REMOVE_WINDOW,
    /**
     * iommufd_hw_queue_alloc_phys(): the internal access is on the IOAS's access list, its pin not yet taken (an
     * unmap's notify_unmap() meets it there; on a failed pin the unwind destroys it while notify may hold it).
     */
    HW_QUEUE_ATTACH_WINDOW,
    /**
     * v7's iopt_unmap_iova_range(): notify_unmap() returned -EBUSY, both rwsems not yet re-taken for the write of
     * area->prevent_access: a teardown and another unmap can free the area here (v7's use-after-free).
     */
    V7_RELOCK_WINDOW,
    /** Negative control only: between the read and the write of a racy counter update. */
    RACY_UPDATE_WINDOW
}

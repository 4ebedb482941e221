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
    /** Negative control only: between the read and the write of a racy counter update. */
    RACY_UPDATE_WINDOW
}

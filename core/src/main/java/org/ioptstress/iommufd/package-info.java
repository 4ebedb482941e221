/**
 * The port of drivers/iommu/iommufd: one class per kernel structure, its functions named after the kernel's, the
 * kernel function in a comment where the name differs. Written once, as upstream before the internal-access
 * series (BASE); each place a patch of the series changed is a hook of {@link org.ioptstress.iommufd.Design}.
 *
 * <table>
 * <caption>Kernel file, the classes that port it</caption>
 * <tr><th>kernel file</th><th>classes</th></tr>
 * <tr><td>main.c (the fd, the object table, the ioctl dispatch)</td><td>{@link org.ioptstress.iommufd.IommufdCtx},
 *     {@link org.ioptstress.iommufd.IommufdObject}, {@link org.ioptstress.iommufd.ObjType}</td></tr>
 * <tr><td>ioas.c (IOMMU_IOAS_ALLOC / MAP / UNMAP)</td><td>{@link org.ioptstress.iommufd.Ioas}</td></tr>
 * <tr><td>io_pagetable.c, io_pagetable.h</td><td>{@link org.ioptstress.iommufd.IoPagetable},
 *     {@link org.ioptstress.iommufd.IoptArea}, {@link org.ioptstress.iommufd.AreaTree} (area_itree),
 *     {@link org.ioptstress.iommufd.AreaContigIter}, {@link org.ioptstress.iommufd.Ulong}</td></tr>
 * <tr><td>pages.c</td><td>{@link org.ioptstress.iommufd.IoptPages},
 *     {@link org.ioptstress.iommufd.IoptPagesAccess}</td></tr>
 * <tr><td>device.c (struct iommufd_access and its API)</td><td>{@link org.ioptstress.iommufd.Access},
 *     {@link org.ioptstress.iommufd.AccessOps}</td></tr>
 * <tr><td>viommu.c (vIOMMU, HW queues)</td><td>{@link org.ioptstress.iommufd.Viommu},
 *     {@link org.ioptstress.iommufd.HwQueue}</td></tr>
 * <tr><td>selftest.c (mock driver, emulated-device accesses)</td><td>{@link org.ioptstress.iommufd.Selftest}</td></tr>
 * <tr><td>(none: the port's own checks)</td><td>{@link org.ioptstress.iommufd.Invariants}</td></tr>
 * </table>
 *
 * <p>Lock order, outermost first (io_pagetable.h, device.c): {@code access->ioas_lock} (mutex) ->
 * {@code iopt->domains_rwsem} (rw_semaphore) -> {@code iopt->iova_rwsem} (rw_semaphore) ->
 * {@code pages->mutex} (mutex); the leaf spinlocks {@code xa_lock(&iopt->access_list)} and
 * {@code xa_lock(&ictx->objects)} hold only refcount operations. Driver callbacks ({@code ops->unmap}) run with
 * none of the io_pagetable's locks held. The mock driver's mutexes: {@code selftest_access->lock}, outside
 * {@code access->ioas_lock} (its unmap callback and its pin/unpin ioctls unpin under it), and
 * {@code mock_viommu->queue_mutex} around the mock vIOMMU's queue table. Each lock is a {@link org.ioptstress.kernel} object of the same kind
 * ({@code Mutex}, {@code RwSemaphore}, {@code SpinLock}); {@code users}, {@code wait_cnt} and the pages'
 * {@code kref} are {@code Refcount}s.
 */
package org.ioptstress.iommufd;

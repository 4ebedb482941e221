/**
 * The JMH benchmarks: the measured paths of io_pagetable.c and device.c (refused unmap, unmap and re-map,
 * notified unmap, pin and unpin, contended unmap against pin) on a production kernel (lockdep off), each beside
 * its lock floor: {@link org.ioptstress.bench.LockFloor} takes the same kernel locks
 * ({@code domains_rwsem}, {@code iova_rwsem}: {@code RwSemaphore}; {@code pages->mutex},
 * {@code access->ioas_lock}: {@code Mutex}; the access list's {@code xa_lock}: {@code SpinLock}) in the same
 * order as the path, with no logic between. Which designs run: every real patch and candidate fix of the registry
 * ({@code org.ioptstress.bench.report.Catalog}).
 */
package org.ioptstress.bench;

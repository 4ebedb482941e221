/**
 * The kernel primitives the port is built from, each a Java object of the same kind, non-reentrant, taken and
 * dropped where the kernel takes and drops it, and each checked as the kernel's debug options check it.
 *
 * <table>
 * <caption>Kernel primitive, Java class, what stands for it</caption>
 * <tr><th>kernel</th><th>class</th><th>Java primitive underneath</th></tr>
 * <tr><td>{@code struct mutex} (include/linux/mutex.h)</td><td>{@link org.ioptstress.kernel.Mutex}</td>
 *     <td>a {@code ReentrantLock} whose re-entry is reported (lockdep recursion) and refused</td></tr>
 * <tr><td>{@code struct rw_semaphore} (include/linux/rwsem.h)</td><td>{@link org.ioptstress.kernel.RwSemaphore}</td>
 *     <td>a non-fair {@code ReentrantReadWriteLock}: a waiting writer blocks new readers (rwsem handoff);
 *     recursion in either mode reported</td></tr>
 * <tr><td>{@code spinlock_t} / {@code xa_lock} (include/linux/spinlock.h, xarray.h)</td>
 *     <td>{@link org.ioptstress.kernel.SpinLock}</td><td>a {@code ReentrantLock} whose holder is in atomic
 *     context: a sleeping lock or {@code might_sleep()} under it is reported</td></tr>
 * <tr><td>{@code struct xarray} (lib/xarray.c)</td><td>{@link org.ioptstress.kernel.XArray}</td>
 *     <td>a sorted id map under its own {@link org.ioptstress.kernel.SpinLock}</td></tr>
 * <tr><td>{@code refcount_t} (lib/refcount.c)</td><td>{@link org.ioptstress.kernel.Refcount}</td>
 *     <td>an {@code int} through a {@code VarHandle}: saturates and WARNs instead of wrapping</td></tr>
 * <tr><td>{@code wait_queue_head_t} (kernel/sched/wait.c)</td><td>{@link org.ioptstress.kernel.WaitQueue}</td>
 *     <td>a {@code ReentrantLock} + {@code Condition} (the queue's own lock, invisible to lockdep as in the
 *     kernel)</td></tr>
 * <tr><td>lockdep (kernel/locking/lockdep.c)</td><td>{@link org.ioptstress.kernel.Lockdep},
 *     {@link org.ioptstress.kernel.LockClass}</td><td>per-thread held-lock stacks, a per-kernel class graph</td></tr>
 * <tr><td>khungtaskd (kernel/hung_task.c)</td><td>{@link org.ioptstress.kernel.HungTask}</td>
 *     <td>a watcher of every lock wait of a stress trial</td></tr>
 * <tr><td>KASAN (mm/kasan)</td><td>{@link org.ioptstress.kernel.KObject}</td><td>poisoning on kfree, checked
 *     by every field accessor</td></tr>
 * <tr><td>WARN_ON, oops, dmesg</td><td>{@link org.ioptstress.kernel.Reports},
 *     {@link org.ioptstress.kernel.KernelOops}, {@link org.ioptstress.kernel.KernelHang}</td><td>recorded, not
 *     thrown (an oops ends the task)</td></tr>
 * <tr><td>fail_nth (lib/fault-inject.c)</td><td>{@link org.ioptstress.kernel.FailNth}</td><td></td></tr>
 * </table>
 *
 * <p>The Java primitive under each lock is its word ({@code RawLock}): the java.util.concurrent locks above
 * ({@code JucLock}) everywhere but under the model checker ({@link org.ioptstress.kernel.Kernel.Config#modelChecker}),
 * where it is one monitor ({@code MonitorLock}: an acquire or a release is one event to Lincheck, a blocked task
 * blocked) and the wait queue is its own monitor; the checks around the word (lockdep, recursion, hung task) are
 * the same code for both. The model checker leaves the code no other task can observe mid-way uninstrumented (the
 * word itself, {@code MonitorLock.Word}; lockdep; the lock API; {@code Reports.Site}): keep such code in classes
 * of its own, and shared state out of them.
 *
 * <p>A {@link org.ioptstress.kernel.Kernel} owns one of each detector; every lock and object of the port belongs
 * to exactly one kernel. {@link org.ioptstress.kernel.DelayPoint}s name the windows where a kernel path drops a
 * lock and takes it again, so a scenario can widen them.
 */
package org.ioptstress.kernel;

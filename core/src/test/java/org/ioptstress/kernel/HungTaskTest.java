package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The hung-task detector (a shortened khungtaskd with lockdep's lock listing): a real lock cycle, a wait on a task
 * that oopsed holding its lock, and a plain long wait are each reported with the locks and tasks involved and end
 * in {@link KernelHang} instead of a hang; a task that oopsed keeps its locks, and its lockdep state does not leak
 * into the next kernel it runs in.
 */
class HungTaskTest
{
    /** The kernel config of every kernel of these tests: {@link HungTaskOnMonitorsTest} runs them on monitor locks. */
    Kernel.Config configured(final Kernel.Config base)
    {
        return base;
    }

    /** A bound no test reaches except the one that waits for it. */
    private final Kernel kernel = new Kernel(configured(Kernel.Config.DEBUG.withHungTaskTimeoutMillis(60_000)));

    /** Runs {@code body} on a thread named {@code name}, records what it threw. */
    private static Thread task(final String name, final AtomicReference<Throwable> thrown, final Runnable body)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                thrown.set(ex);
            }
        }, name);
        t.start();
        return t;
    }

    private static void await(final CyclicBarrier b)
    {
        try
        {
            b.await();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void abbaDeadlockIsReportedAsACycleAfterLockdepsInversion() throws Exception
    {
        final Mutex a = new Mutex(kernel, "test.A");
        final Mutex b = new Mutex(kernel, "test.B");
        final CyclicBarrier bothHoldOne = new CyclicBarrier(2);
        final AtomicReference<Throwable> t1 = new AtomicReference<>();
        final AtomicReference<Throwable> t2 = new AtomicReference<>();
        final Thread x = task("t1", t1, () ->
        {
            kernel.nameTask("first");
            a.lock();
            try
            {
                await(bothHoldOne);
                b.lock();
                b.unlock();
            }
            finally
            {
                a.unlock();
            }
        });
        final Thread y = task("t2", t2, () ->
        {
            kernel.nameTask("second");
            b.lock();
            try
            {
                await(bothHoldOne);
                a.lock();
                a.unlock();
            }
            finally
            {
                b.unlock();
            }
        });
        x.join();
        y.join();

        assertThat(t1.get() instanceof KernelHang || t2.get() instanceof KernelHang).as("one of them was ended").isTrue();
        assertThat(kernel.reports().list().get(0).kind()).as("lockdep fires first").isEqualTo(Report.Kind.LOCKDEP_INVERSION);
        final Report hung = kernel.reports().list().stream().filter(r -> r.kind() == Report.Kind.HUNG_TASK).findFirst().orElseThrow();
        assertThat(hung.message()).startsWith("deadlock: ")
            .containsAnyOf("first holds test.A, waits test.B (mutex_lock); second holds test.B, waits test.A (mutex_lock)",
                "second holds test.B, waits test.A (mutex_lock); first holds test.A, waits test.B (mutex_lock)");
        assertThat(a.isLocked() || b.isLocked()).as("both unwound").isFalse();
    }

    @Test
    void aCycleThroughAReadHeldRwSemaphoreIsNamed() throws Exception
    {
        final RwSemaphore rw = new RwSemaphore(kernel, "test.rwsem");
        final Mutex m = new Mutex(kernel, "test.mutex");
        final CyclicBarrier bothHoldOne = new CyclicBarrier(2);
        final AtomicReference<Throwable> t1 = new AtomicReference<>();
        final AtomicReference<Throwable> t2 = new AtomicReference<>();
        final Thread x = task("reader", t1, () ->
        {
            rw.downRead();
            try
            {
                await(bothHoldOne);
                m.lock();
                m.unlock();
            }
            finally
            {
                rw.upRead();
            }
        });
        final Thread y = task("writer", t2, () ->
        {
            m.lock();
            try
            {
                await(bothHoldOne);
                rw.downWrite();
                rw.upWrite();
            }
            finally
            {
                m.unlock();
            }
        });
        x.join();
        y.join();
        assertThat(kernel.reports().toString()).contains("HUNG_TASK deadlock: ")
            .contains("reader holds test.rwsem, waits test.mutex (mutex_lock)")
            .contains("writer holds test.mutex, waits test.rwsem (down_write)");
    }

    @Test
    void aTaskThatOopsesKeepsItsLocksAndItsWaitersAreEnded() throws Exception
    {
        final Mutex m = new Mutex(kernel, "test.mutex");
        final AtomicReference<Throwable> dead = new AtomicReference<>();
        final Thread oopser = task("oopser", dead, () ->
        {
            kernel.nameTask("pin");
            m.lock();
            try
            {
                kernel.oops(Report.Kind.NULL_DEREF, "ops->unmap is NULL");
            }
            finally
            {
                m.unlock(); /* the unwinding path: a no-op for a dead task */
            }
        });
        oopser.join();
        assertThat(dead.get()).isInstanceOf(KernelOops.class);
        assertThat(m.isLocked()).as("the dead task kept its lock").isTrue();
        assertThat(kernel.taskDied(oopser)).isTrue();

        final AtomicReference<Throwable> waiter = new AtomicReference<>();
        task("unmapper", waiter, () ->
        {
            kernel.nameTask("unmap");
            m.lock();
        }).join();
        assertThat(waiter.get()).isInstanceOf(KernelHang.class);
        assertThat(kernel.reports().list()).extracting(Report::kind).containsExactly(Report.Kind.NULL_DEREF, Report.Kind.HUNG_TASK);
        assertThat(kernel.reports().list().get(1).message())
            .isEqualTo("unmap holds nothing, waits test.mutex (mutex_lock) held by pin, which oopsed at "
                + kernel.reports().list().get(0).site() + " holding test.mutex");
    }

    /**
     * A task preempted between its acquire and leaving the wait still looks registered as waiting for the lock it
     * now owns: a holder that waits for its own lock is running, never one side of a deadlock.
     */
    @Test
    void aTaskThatJustGotItsLockIsNotACycle() throws Exception
    {
        final Mutex m = new Mutex(kernel, "iopt->iova_rwsem");
        final CountDownLatch got = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread map = new Thread(() ->
        {
            m.lock();
            got.countDown();
            try
            {
                done.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            m.unlock();
        }, "map");
        map.start();
        got.await();
        final HungTask hung = kernel.hungTask();
        hung.waiting.put(map, new HungTask.Waiter(m, "down_write", new KLock[0], "map")); /* its stale registration */
        final HungTask.Chain chain = hung.chain(Thread.currentThread(),
            new HungTask.Waiter(m, "down_write", new KLock[0], "unmap"));
        done.countDown();
        map.join();
        assertThat(chain.definite()).as(chain.text()).isFalse();
        assertThat(chain.text()).endsWith("held by map (just acquired)");
    }

    /** notify_unmap's shape: xa_lock dropped around a callback that oopses, re-taken in a finally. */
    @Test
    void aDeadTaskTakesNothingOnItsUnwindingPath() throws Exception
    {
        final SpinLock xaLock = new SpinLock(kernel, "test.xa_lock");
        final AtomicReference<Throwable> dead = new AtomicReference<>();
        task("notifier", dead, () ->
        {
            xaLock.lock();
            try
            {
                xaLock.unlock();
                try
                {
                    kernel.oops(Report.Kind.NULL_DEREF, "ops->unmap is NULL");
                }
                finally
                {
                    xaLock.lock(); /* never runs in the kernel: a no-op for a dead task */
                }
            }
            finally
            {
                xaLock.unlock(); /* nor this: no bad unlock either */
            }
        }).join();
        assertThat(dead.get()).isInstanceOf(KernelOops.class);
        assertThat(xaLock.owner()).as("the callback ran with xa_lock dropped: the dead task holds nothing").isNull();
        xaLock.lock();
        xaLock.unlock();
        assertThat(kernel.reports().kindsToken()).isEqualTo("NULL_DEREF");
    }

    @Test
    void aLongWaitWithoutACycleEndsAtTheBound() throws Exception
    {
        final Kernel k = new Kernel(configured(Kernel.Config.DEBUG.withHungTaskTimeoutMillis(200)));
        final Mutex m = new Mutex(k, "test.mutex");
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Throwable> holderThrew = new AtomicReference<>();
        final Thread holder = task("holder", holderThrew, () ->
        {
            m.lock();
            try
            {
                held.countDown();
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                m.unlock();
            }
        });
        held.await();
        final AtomicReference<Throwable> waiter = new AtomicReference<>();
        task("waiter", waiter, m::lock).join();
        release.countDown();
        holder.join();
        assertThat(waiter.get()).isInstanceOf(KernelHang.class);
        assertThat(k.reports().list()).singleElement().satisfies(r ->
        {
            assertThat(r.kind()).isEqualTo(Report.Kind.HUNG_TASK);
            assertThat(r.message()).isEqualTo("task waiter blocked for more than 200 ms: waiter holds nothing, waits test.mutex"
                + " (mutex_lock) held by holder (running)");
        });
        assertThat(holderThrew.get()).isNull();
    }

    @Test
    void anOopsLeavesNoLockdepStateForTheNextKernel()
    {
        final Mutex m = new Mutex(kernel, "test.A");
        try
        {
            m.lock();
            kernel.oops(Report.Kind.OOPS, "BUG()");
        }
        catch (final KernelOops expected)
        {
            m.unlock(); /* no-op: dead in this kernel */
        }
        assertThat(Lockdep.depthOfCurrentThread()).as("still held in the kernel it died in").isEqualTo(1);

        final Kernel next = new Kernel(configured(Kernel.Config.DEBUG));
        final SpinLock s = new SpinLock(next, "test.spin");
        final Mutex m2 = new Mutex(next, "test.A");
        m2.lock();
        s.lock();
        s.unlock();
        m2.unlock();
        assertThat(next.reports().isEmpty()).as("no knock-on reports: %s", next.reports()).isTrue();
        assertThat(Lockdep.depthOfCurrentThread()).isZero();
    }

    @Test
    void productionKernelsWaitAsTheJdkDoes()
    {
        assertThat(new Kernel(configured(Kernel.Config.PRODUCTION)).hungTaskDetection()).isFalse();
        assertThat(new Kernel(configured(Kernel.Config.DEBUG)).hungTaskDetection()).isTrue();
    }
}

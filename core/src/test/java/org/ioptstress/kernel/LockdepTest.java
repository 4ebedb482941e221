package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each detector of the lock primitives, fired by a deliberately wrong use. Lock classes are global (as the
 * kernel's are per init site) but the dependency graph and dmesg are per {@link Kernel}, so every test starts
 * from an empty graph. Every test releases what it took: the held-lock stack is per thread.
 */
class LockdepTest
{
    /** The kernel config of every kernel of these tests: {@link LockdepOnMonitorsTest} runs them on monitor locks. */
    Kernel.Config configured(final Kernel.Config base)
    {
        return base;
    }

    private final Kernel kernel = new Kernel(configured(Kernel.Config.DEBUG));

    @AfterEach
    void nothingLeftHeld()
    {
        assertThat(Lockdep.depthOfCurrentThread()).as("held: %s", Lockdep.heldByCurrentThread()).isZero();
    }

    private int count(final Report.Kind kind)
    {
        return kernel.reports().count(kind);
    }

    // -------------------------------------------------------------------------------------- recursion

    @Test
    void mutexTakenTwiceByItsHolderIsReportedAndHangs()
    {
        final Mutex m = new Mutex(kernel, "test.A");
        m.lock();
        assertThatThrownBy(m::lock).isInstanceOf(KernelHang.class).hasMessageContaining("test.A");
        assertThatThrownBy(m::tryLock).isInstanceOf(KernelHang.class);
        assertThat(Lockdep.depthOfCurrentThread()).as("the failed acquisitions took nothing").isEqualTo(1);
        m.unlock();
        assertThat(count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(2);
        assertThat(kernel.reports().list().get(0).message()).contains("already held by this task");
        assertThat(kernel.reports().kindsToken()).isEqualTo("LOCKDEP_RECURSION");
    }

    @Test
    void rwSemaphoreIsRecursiveInNeitherMode()
    {
        final RwSemaphore rw = new RwSemaphore(kernel, "test.A");
        rw.downRead();
        assertThatThrownBy(rw::downRead).as("read after read: deadlocks behind a queued writer")
            .isInstanceOf(KernelHang.class);
        assertThatThrownBy(rw::downWrite).as("write after read").isInstanceOf(KernelHang.class);
        rw.upRead();
        rw.downWrite();
        assertThatThrownBy(rw::downRead).as("read after write").isInstanceOf(KernelHang.class);
        rw.upWrite();
        assertThat(count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(3);
    }

    @Test
    void spinLockTakenTwiceByItsHolderIsReportedAndHangs()
    {
        final SpinLock s = new SpinLock(kernel, "test.spin");
        s.lock();
        assertThatThrownBy(s::lock).isInstanceOf(KernelHang.class);
        s.unlock();
        assertThat(count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(1);
    }

    @Test
    void selfDeadlockIsCaughtWithoutLockdepToo()
    {
        final Kernel production = new Kernel(configured(Kernel.Config.PRODUCTION));
        final Mutex m = new Mutex(production, "test.A");
        m.lock();
        assertThatThrownBy(m::lock).isInstanceOf(KernelHang.class);
        m.unlock();
        assertThat(production.reports().count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(1);
    }

    @Test
    void twoInstancesOfOneClassNestedAreReportedButTaken()
    {
        final RwSemaphore iova1 = new RwSemaphore(kernel, "test.A");
        final RwSemaphore iova2 = new RwSemaphore(kernel, "test.A");
        iova1.downWrite();
        iova2.downWrite();
        assertThat(Lockdep.heldByCurrentThread()).isEqualTo("[test.A, test.A]");
        iova2.upWrite();
        iova1.upWrite();
        assertThat(count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(1);
        assertThat(kernel.reports().list().get(0).message()).contains("two test.A instances nested");
    }

    // -------------------------------------------------------------------------------------- lock order

    @Test
    void inversionOnOneThreadIsReportedOncePerPair()
    {
        final Mutex a = new Mutex(kernel, "test.A");
        final Mutex b = new Mutex(kernel, "test.B");
        nest(a, b);
        assertThat(kernel.reports().isEmpty()).as("one order is no problem").isTrue();
        nest(b, a);
        nest(b, a);
        nest(a, b);
        assertThat(count(Report.Kind.LOCKDEP_INVERSION)).isEqualTo(1);
        assertThat(kernel.reports().list().get(0).message())
            .isEqualTo("possible circular locking dependency: test.A -> test.B seen before, now test.B -> test.A");
    }

    @Test
    void inversionAcrossTwoThreadsIsReported() throws InterruptedException
    {
        final Mutex a = new Mutex(kernel, "test.A");
        final RwSemaphore b = new RwSemaphore(kernel, "test.B");
        runOnOtherThread(() ->
        {
            a.lock();
            b.downRead();
            b.upRead();
            a.unlock();
        });
        runOnOtherThread(() ->
        {
            b.downWrite();
            a.lock();
            a.unlock();
            b.upWrite();
        });
        assertThat(count(Report.Kind.LOCKDEP_INVERSION)).isEqualTo(1);
        assertThat(kernel.reports().list().get(0).thread()).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void transitiveInversionIsReported()
    {
        final Mutex a = new Mutex(kernel, "test.A");
        final Mutex b = new Mutex(kernel, "test.B");
        final Mutex c = new Mutex(kernel, "test.C");
        nest(a, b);
        nest(b, c);
        assertThat(kernel.reports().isEmpty()).isTrue();
        nest(c, a);
        assertThat(count(Report.Kind.LOCKDEP_INVERSION)).isEqualTo(1);
    }

    @Test
    void theSameOrderOnAnotherKernelIsAnotherGraph()
    {
        nest(new Mutex(kernel, "test.A"), new Mutex(kernel, "test.B"));
        final Kernel other = new Kernel(configured(Kernel.Config.DEBUG));
        nest(new Mutex(other, "test.B"), new Mutex(other, "test.A"));
        assertThat(kernel.reports().isEmpty()).isTrue();
        assertThat(other.reports().isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------------------- atomic context

    @Test
    void sleepingLockUnderSpinLockIsSleepInAtomic()
    {
        final SpinLock s = new SpinLock(kernel, "test.spin");
        final Mutex m = new Mutex(kernel, "test.A");
        final RwSemaphore rw = new RwSemaphore(kernel, "test.B");
        s.lock();
        m.lock();
        m.unlock();
        rw.downRead();
        rw.upRead();
        s.unlock();
        assertThat(count(Report.Kind.SLEEP_IN_ATOMIC)).isEqualTo(2);
        assertThat(kernel.reports().list().get(0).message())
            .isEqualTo("sleeping lock test.A taken while holding spinlock test.spin");
    }

    @Test
    void spinLockUnderSleepingLockOrAnotherSpinLockIsFine()
    {
        final SpinLock s1 = new SpinLock(kernel, "test.spin");
        final SpinLock s2 = new SpinLock(kernel, "test.spin2");
        final Mutex m = new Mutex(kernel, "test.A");
        m.lock();
        s1.lock();
        s2.lock();
        s2.unlock();
        s1.unlock();
        m.unlock();
        assertThat(kernel.reports().isEmpty()).as("%s", kernel.reports()).isTrue();
    }

    @Test
    void mightSleepUnderSpinLockIsSleepInAtomic()
    {
        final SpinLock s = new SpinLock(kernel, "test.spin");
        final Mutex m = new Mutex(kernel, "test.A");
        m.lock();
        kernel.lockdep().mightSleep("ops->unmap");
        m.unlock();
        assertThat(kernel.reports().isEmpty()).as("a sleeping lock is no atomic context").isTrue();
        s.lock();
        kernel.lockdep().mightSleep("ops->unmap");
        s.unlock();
        assertThat(count(Report.Kind.SLEEP_IN_ATOMIC)).isEqualTo(1);
        assertThat(kernel.reports().list().get(0).message())
            .isEqualTo("ops->unmap may sleep, called while holding spinlock test.spin");
    }

    @Test
    void waitingOnAWaitQueueUnderSpinLockIsSleepInAtomic()
    {
        final SpinLock s = new SpinLock(kernel, "test.spin");
        final WaitQueue wq = new WaitQueue(kernel);
        s.lock();
        assertThat(wq.waitEventTimeout(() -> true, 0)).isTrue();
        s.unlock();
        assertThat(wq.waitEventTimeout(() -> false, 0)).as("timed out").isFalse();
        assertThat(count(Report.Kind.SLEEP_IN_ATOMIC)).isEqualTo(1);
    }

    // -------------------------------------------------------------------------------- asserts, unlock

    @Test
    void lockdepAssertHeld()
    {
        final Mutex m = new Mutex(kernel, "test.A");
        final RwSemaphore rw = new RwSemaphore(kernel, "test.B");
        m.assertHeld();
        m.lock();
        m.assertHeld();
        m.unlock();
        rw.downRead();
        rw.assertHeld();
        rw.assertHeldWrite();
        rw.upRead();
        rw.downWrite();
        rw.assertHeldWrite();
        rw.upWrite();
        assertThat(count(Report.Kind.LOCKDEP_NOT_HELD)).isEqualTo(2);
        assertThat(kernel.reports().list()).extracting(Report::message)
            .containsExactly("lockdep_assert_held(test.A)", "lockdep_assert_held_write(test.B)");
    }

    @Test
    void unlockOfALockNotHeldIsReported() throws InterruptedException
    {
        final Mutex m = new Mutex(kernel, "test.A");
        final RwSemaphore rw = new RwSemaphore(kernel, "test.B");
        final SpinLock s = new SpinLock(kernel, "test.spin");
        m.unlock();
        s.unlock();
        rw.upRead();
        rw.downRead();
        rw.upWrite();
        rw.upRead();
        m.lock();
        runOnOtherThread(m::unlock);
        assertThat(m.isLocked()).as("still the holder's").isTrue();
        m.unlock();
        assertThat(m.isLocked()).isFalse();
        assertThat(count(Report.Kind.LOCKDEP_BAD_UNLOCK)).isEqualTo(5);
    }

    @Test
    void productionKernelRunsNoLockdepChecks()
    {
        final Kernel production = new Kernel(configured(Kernel.Config.PRODUCTION));
        assertThat(production.lockdepEnabled()).isFalse();
        final Mutex a = new Mutex(production, "test.A");
        final Mutex b = new Mutex(production, "test.B");
        final SpinLock s = new SpinLock(production, "test.spin");
        nest(a, b);
        nest(b, a);
        s.lock();
        a.lock();
        production.lockdep().mightSleep("x");
        a.unlock();
        s.unlock();
        a.assertHeld();
        assertThat(production.reports().isEmpty()).isTrue();
        assertThat(Lockdep.heldByCurrentThread()).isEqualTo("[]");
    }

    @Test
    void heldLocksAreListedOutermostFirst()
    {
        final Mutex a = new Mutex(kernel, "test.A");
        final RwSemaphore b = new RwSemaphore(kernel, "test.B");
        a.lock();
        b.downRead();
        assertThat(Lockdep.heldByCurrentThread()).isEqualTo("[test.A, test.B]");
        assertThat(Lockdep.depthOfCurrentThread()).isEqualTo(2);
        assertThat(b.isHeldByCurrentThread()).isTrue();
        assertThat(b.isWriteHeldByCurrentThread()).isFalse();
        a.unlock(); /* out of order is allowed */
        assertThat(Lockdep.heldByCurrentThread()).isEqualTo("[test.B]");
        b.upRead();
        assertThat(a.lockClass().name()).isEqualTo("test.A");
        assertThat(a).hasToString("test.A");
    }

    private static void nest(final Mutex outer, final Mutex inner)
    {
        outer.lock();
        inner.lock();
        inner.unlock();
        outer.unlock();
    }

    private static void runOnOtherThread(final Runnable body) throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(body, "lockdep-test-other");
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        assertThat(failure.get()).isNull();
    }
}

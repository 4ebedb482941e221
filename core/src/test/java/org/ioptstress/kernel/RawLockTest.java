package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both lock words ({@link JucLock}: jcstress, JMH; {@link MonitorLock}: the model checker) keep the same semantics:
 * exclusion with a named owner, shared readers, a waiting writer blocking new readers (rwsem handoff), a timed wait
 * that gives up without leaving its writer queued.
 */
class RawLockTest
{
    private static RawLock word(final String impl)
    {
        final Kernel.Config debug = Kernel.Config.DEBUG.withHungTaskTimeoutMillis(0);
        return new Kernel("monitor".equals(impl) ? debug.withModelChecker(Kernel.Atomic.NONE) : debug).newRawLock(true);
    }

    /** Runs {@code body} on a new thread and returns it once started. */
    private static Thread start(final Runnable body)
    {
        final Thread t = new Thread(body);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitBlocked(final Thread t) throws InterruptedException
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < end)
        {
            Thread.sleep(1);
        }
        assertThat(t.getState()).as("%s blocked on the word", t.getName()).isEqualTo(Thread.State.WAITING);
    }

    private static boolean tryOn(final RawLock raw, final int mode) throws InterruptedException
    {
        final AtomicBoolean got = new AtomicBoolean();
        final Thread t = start(() ->
        {
            got.set(raw.tryAcquire(mode));
            if (got.get())
            {
                raw.release(mode);
            }
        });
        t.join();
        return got.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"juc", "monitor"})
    void exclusiveExcludesEveryoneAndNamesItsOwner(final String impl) throws Exception
    {
        final RawLock raw = word(impl);
        raw.acquire(KLock.EXCLUSIVE);
        assertThat(raw.owner()).isSameAs(Thread.currentThread());
        assertThat(raw.isLocked()).isTrue();
        assertThat(raw.isHeldByCurrentThread(KLock.EXCLUSIVE)).isTrue();
        assertThat(raw.isHeldByCurrentThread(KLock.SHARED)).isFalse();
        assertThat(tryOn(raw, KLock.EXCLUSIVE)).isFalse();
        assertThat(tryOn(raw, KLock.SHARED)).isFalse();
        raw.release(KLock.EXCLUSIVE);
        assertThat(raw.owner()).isNull();
        assertThat(raw.isLocked()).isFalse();
        assertThat(tryOn(raw, KLock.EXCLUSIVE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"juc", "monitor"})
    void readersShareAndEachKnowsOnlyItsOwnHold(final String impl) throws Exception
    {
        final RawLock raw = word(impl);
        raw.acquire(KLock.SHARED);
        final AtomicBoolean otherHeld = new AtomicBoolean(true);
        final Thread other = start(() ->
        {
            otherHeld.set(raw.isHeldByCurrentThread(KLock.SHARED));
            raw.acquire(KLock.SHARED);
            raw.release(KLock.SHARED);
        });
        other.join(10_000);
        assertThat(other.isAlive()).as("a second reader shares").isFalse();
        assertThat(otherHeld.get()).as("another task's read hold is not its own").isFalse();
        assertThat(raw.isHeldByCurrentThread(KLock.SHARED)).isTrue();
        assertThat(raw.owner()).as("no writer").isNull();
        assertThat(raw.isLocked()).isTrue();
        raw.release(KLock.SHARED);
        assertThat(raw.isLocked()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"juc", "monitor"})
    void aWaitingWriterBlocksNewReadersThenGetsTheWord(final String impl) throws Exception
    {
        final RawLock raw = word(impl);
        raw.acquire(KLock.SHARED);
        final CountDownLatch written = new CountDownLatch(1);
        final Thread writer = start(() ->
        {
            raw.acquire(KLock.EXCLUSIVE);
            written.countDown();
            raw.release(KLock.EXCLUSIVE);
        });
        awaitBlocked(writer);
        assertThat(tryOn(raw, KLock.SHARED)).as("a new reader queues behind the waiting writer").isFalse();
        raw.release(KLock.SHARED);
        assertThat(written.await(10, TimeUnit.SECONDS)).as("the last reader's release hands the word to the writer").isTrue();
        writer.join();
        assertThat(tryOn(raw, KLock.SHARED)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"juc", "monitor"})
    void aTimedWaitThatGivesUpNoLongerBlocksReaders(final String impl) throws Exception
    {
        final RawLock raw = word(impl);
        raw.acquire(KLock.SHARED);
        final AtomicBoolean got = new AtomicBoolean(true);
        start(() ->
        {
            try
            {
                got.set(raw.tryAcquireNanos(KLock.EXCLUSIVE, TimeUnit.MILLISECONDS.toNanos(20)));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }).join();
        assertThat(got.get()).as("the reader held on").isFalse();
        assertThat(tryOn(raw, KLock.SHARED)).as("the writer that gave up is no longer queued").isTrue();
        raw.release(KLock.SHARED);
    }
}

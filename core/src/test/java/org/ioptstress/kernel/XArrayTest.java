package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The access_list xarray: XA_FLAGS_ALLOC ids from 0, lowest free first, within a limit. */
class XArrayTest
{
    private static final int LIMIT_16B = 0xffff;

    private final Kernel kernel = new Kernel();
    private final XArray<String> xa = new XArray<>(kernel, "test.xa_lock", "test_list");

    @Test
    void allocHandsOutTheLowestFreeIndex()
    {
        assertThat(xa.isEmpty()).isTrue();
        assertThat(xa.alloc("a", LIMIT_16B)).isZero();
        assertThat(xa.alloc("b", LIMIT_16B)).isEqualTo(1);
        assertThat(xa.alloc("c", LIMIT_16B)).isEqualTo(2);
        assertThat(xa.erase(1)).isEqualTo("b");
        assertThat(xa.alloc("d", LIMIT_16B)).as("the hole is reused").isEqualTo(1);
        assertThat(xa.alloc("e", LIMIT_16B)).isEqualTo(3);
        assertThat(xa.size()).isEqualTo(4);
        assertThat(xa.load(1)).isEqualTo("d");
    }

    @Test
    void allocBeyondTheLimitIsBusy()
    {
        assertThat(xa.alloc("a", 1)).isZero();
        assertThat(xa.alloc("b", 1)).isEqualTo(1);
        assertThat(xa.alloc("c", 1)).isEqualTo(-Errno.EBUSY);
        assertThat(xa.size()).isEqualTo(2);
        assertThat(xa.alloc("c", 2)).isEqualTo(2);
    }

    @Test
    void growsPastItsInitialSlotsUpToAnyLimit()
    {
        for (int i = 0; i != 40; i++)
        {
            assertThat(xa.alloc("e" + i, i < 20 ? LIMIT_16B : Integer.MAX_VALUE)).isEqualTo(i);
        }
        assertThat(xa.load(39)).isEqualTo("e39");
        final XArray<String> small = new XArray<>(kernel, "test.xa_lock", "small");
        for (int i = 0; i != 10; i++)
        {
            assertThat(small.alloc("s" + i, 9)).isEqualTo(i);
        }
        assertThat(small.alloc("full", 9)).isEqualTo(-Errno.EBUSY);
    }

    @Test
    void cursorWalksInIndexOrder()
    {
        for (int i = 0; i != 8; i++)
        {
            xa.alloc("e" + i, LIMIT_16B);
        }
        xa.erase(0);
        xa.erase(5);
        final StringBuilder walk = new StringBuilder();
        for (final XArray.Cursor<String> xas = xa.cursor(); xas.next();)
        {
            walk.append(xas.index()).append('=').append(xas.entry()).append(' ');
        }
        assertThat(walk.toString()).isEqualTo("1=e1 2=e2 3=e3 4=e4 6=e6 7=e7 ");
        final XArray.Cursor<String> end = new XArray<String>(kernel, "empty.xa_lock", "empty").cursor();
        assertThat(end.next()).isFalse();
        assertThat(end.entry()).isNull();
    }

    /**
     * xa_for_each() hands out index and entry in one step, so an entry erased while the walker dropped the lock
     * is skipped: a walk never sees NULL (a find-the-index-then-load walk did, when the erase fell in between).
     */
    @Test
    void anEntryErasedBetweenStepsIsSkippedNotNull()
    {
        for (int i = 0; i != 4; i++)
        {
            xa.alloc("e" + i, LIMIT_16B);
        }
        final XArray.Cursor<String> xas = xa.cursor();
        assertThat(xas.next()).isTrue();
        assertThat(xas.entry()).isEqualTo("e0");
        xa.erase(1);
        assertThat(xas.next()).isTrue();
        assertThat(xas.index()).isEqualTo(2);
        assertThat(xas.entry()).isEqualTo("e2");
    }

    /** A walker without the lock against an eraser and re-allocator: every step it takes holds an entry. */
    @Test
    void concurrentEraseNeverYieldsNull() throws InterruptedException
    {
        for (int i = 0; i != 8; i++)
        {
            xa.alloc("e" + i, LIMIT_16B);
        }
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final Thread churn = new Thread(() ->
        {
            while (!stop.get())
            {
                for (int i = 0; i != 8; i++)
                {
                    if (xa.erase(i) != null)
                    {
                        xa.alloc("e" + i, LIMIT_16B);
                    }
                }
            }
        });
        churn.start();
        long steps = 0;
        try
        {
            for (int walk = 0; walk != 20_000; walk++)
            {
                for (final XArray.Cursor<String> xas = xa.cursor(); xas.next(); steps++)
                {
                    assertThat(xas.entry()).isNotNull();
                }
            }
        }
        finally
        {
            stop.set(true);
            churn.join();
        }
        assertThat(steps).isPositive();
    }

    @Test
    void eraseAndLoadOfAbsentIndicesAreNull()
    {
        xa.alloc("a", LIMIT_16B);
        assertThat(xa.erase(1)).isNull();
        assertThat(xa.erase(-1)).isNull();
        assertThat(xa.erase(1000)).isNull();
        assertThat(xa.load(-1)).isNull();
        assertThat(xa.load(1000)).isNull();
        assertThat(xa.erase(0)).isEqualTo("a");
        assertThat(xa.erase(0)).isNull();
        assertThat(xa.isEmpty()).isTrue();
    }

    @Test
    void allocCanFailWithoutChangingAnything()
    {
        xa.alloc("a", LIMIT_16B);
        kernel.failNth().enable(1);
        assertThat(xa.alloc("b", LIMIT_16B)).isEqualTo(-Errno.ENOMEM);
        assertThat(kernel.failNth().disable()).isTrue();
        assertThat(kernel.failNth().injectedAt()).isEqualTo("xa_alloc(test_list)");
        assertThat(xa.size()).isEqualTo(1);
        final XArray.Cursor<String> xas = xa.cursor();
        assertThat(xas.next()).isTrue();
        assertThat(xas.next()).isFalse();
    }

    @Test
    void allocAndEraseTakeTheXaLockThemselves()
    {
        xa.xaLock().lock();
        try
        {
            assertThatThrownBy(() -> xa.alloc("a", LIMIT_16B)).isInstanceOf(KernelHang.class);
            assertThatThrownBy(() -> xa.erase(0)).isInstanceOf(KernelHang.class);
        }
        finally
        {
            xa.xaLock().unlock();
        }
        assertThat(xa.isEmpty()).isTrue();
        assertThat(kernel.reports().count(Report.Kind.LOCKDEP_RECURSION)).isEqualTo(2);
    }
}

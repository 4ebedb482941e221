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
    void findFromWalksInIndexOrder()
    {
        for (int i = 0; i != 8; i++)
        {
            xa.alloc("e" + i, LIMIT_16B);
        }
        xa.erase(0);
        xa.erase(5);
        assertThat(xa.findFrom(0)).isEqualTo(1);
        assertThat(xa.findFrom(-3)).isEqualTo(1);
        assertThat(xa.findFrom(5)).isEqualTo(6);
        assertThat(xa.findFrom(8)).isEqualTo(-1);
        assertThat(xa.findFrom(1000)).isEqualTo(-1);
        final StringBuilder walk = new StringBuilder();
        for (int i = xa.findFrom(0); i >= 0; i = xa.findFrom(i + 1))
        {
            walk.append(xa.load(i)).append(' ');
        }
        assertThat(walk.toString()).isEqualTo("e1 e2 e3 e4 e6 e7 ");
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
        assertThat(xa.findFrom(1)).isEqualTo(-1);
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

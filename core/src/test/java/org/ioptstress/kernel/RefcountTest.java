package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** refcount_t as lib/refcount.c: saturate and WARN instead of wrapping. */
class RefcountTest
{
    private final Kernel kernel = new Kernel();

    private Refcount refcount(final int initial)
    {
        return new Refcount(kernel, "obj.users", initial);
    }

    private String lastMessage()
    {
        return kernel.reports().list().get(kernel.reports().list().size() - 1).message();
    }

    @Test
    void balancedUseIsSilent()
    {
        final Refcount r = refcount(1);
        r.inc();
        assertThat(r.incNotZero()).isTrue();
        assertThat(r.read()).isEqualTo(3);
        r.dec();
        assertThat(r.decAndTest()).isFalse();
        assertThat(r.decIfOne()).isTrue();
        assertThat(r.read()).isZero();
        assertThat(r.incNotZero()).as("inc_not_zero on 0 fails quietly").isFalse();
        assertThat(r.decIfOne()).isFalse();
        r.set(1);
        assertThat(r.decAndTest()).isTrue();
        assertThat(kernel.reports().isEmpty()).isTrue();
        assertThat(r).hasToString("0");
    }

    @Test
    void incrementFromZeroIsAUseAfterFree()
    {
        final Refcount r = refcount(0);
        r.inc();
        assertThat(kernel.reports().count(Report.Kind.REFCOUNT)).isEqualTo(1);
        assertThat(lastMessage()).isEqualTo("refcount_t obj.users: addition on 0; use-after-free");
        assertThat(r.read()).as("saturated").isEqualTo(Refcount.SATURATED);
    }

    @Test
    void decrementToZeroWithDecIsALeak()
    {
        final Refcount r = refcount(1);
        r.dec();
        assertThat(lastMessage()).isEqualTo("refcount_t obj.users: decrement hit 0; leaking memory");
        assertThat(r.read()).isEqualTo(Refcount.SATURATED);
    }

    @Test
    void underflowIsReported()
    {
        final Refcount r = refcount(0);
        assertThat(r.decAndTest()).isFalse();
        assertThat(lastMessage()).isEqualTo("refcount_t obj.users: underflow; use-after-free");
        final Refcount r2 = refcount(0);
        r2.dec();
        assertThat(kernel.reports().count(Report.Kind.REFCOUNT)).isEqualTo(2);
        assertThat(r2.read()).isEqualTo(Refcount.SATURATED);
    }

    @Test
    void saturationStaysAndKeepsWarning()
    {
        final Refcount r = refcount(Integer.MAX_VALUE);
        r.inc();
        assertThat(lastMessage()).isEqualTo("refcount_t obj.users: saturated; leaking memory");
        assertThat(r.read()).isEqualTo(Refcount.SATURATED);
        assertThat(r.incNotZero()).as("a saturated count never frees").isTrue();
        assertThat(r.decAndTest()).isFalse();
        assertThat(r.read()).isEqualTo(Refcount.SATURATED);
        assertThat(kernel.reports().count(Report.Kind.REFCOUNT)).isEqualTo(3);
    }
}

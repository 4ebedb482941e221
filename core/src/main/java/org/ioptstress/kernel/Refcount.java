package org.ioptstress.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * refcount_t: an int that saturates instead of wrapping and WARNs (here: records a {@link Report.Kind#REFCOUNT}
 * report) on underflow, on increment from zero and on saturation, like lib/refcount.c.
 */
public final class Refcount
{
    /** REFCOUNT_SATURATED: INT_MIN / 2. Once there, the count stays there. */
    public static final int SATURATED = Integer.MIN_VALUE / 2;
    private static final VarHandle REFS;

    static
    {
        try
        {
            REFS = MethodHandles.lookup().findVarHandle(Refcount.class, "refs", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Kernel kernel;
    private final String name;
    @SuppressWarnings("unused")
    private volatile int refs;

    public Refcount(final Kernel kernel, final String name, final int initial)
    {
        this.kernel = kernel;
        this.name = name;
        this.refs = initial;
    }

    /** refcount_read() */
    public int read()
    {
        return refs;
    }

    /** refcount_set() */
    public void set(final int value)
    {
        refs = value;
    }

    /** refcount_inc(): WARNs on 0 ("addition on 0; use-after-free"). */
    public void inc()
    {
        final int old = (int)REFS.getAndAdd(this, 1);
        if (old == 0)
        {
            saturate("addition on 0; use-after-free");
        }
        else if (old < 0 || old == Integer.MAX_VALUE)
        {
            saturate("saturated; leaking memory");
        }
    }

    /** refcount_inc_not_zero() */
    public boolean incNotZero()
    {
        int old;
        do
        {
            old = refs;
            if (old == 0)
            {
                return false;
            }
            if (old < 0 || old == Integer.MAX_VALUE)
            {
                saturate("saturated; leaking memory");
                return true;
            }
        }
        while (!REFS.weakCompareAndSet(this, old, old + 1));
        return true;
    }

    /** refcount_dec(): WARNs if this drops the count to 0 ("decrement hit 0; leaking memory"). */
    public void dec()
    {
        final int old = (int)REFS.getAndAdd(this, -1);
        if (old == 1)
        {
            saturate("decrement hit 0; leaking memory");
        }
        else if (old <= 0)
        {
            saturate("underflow; use-after-free");
        }
    }

    /** refcount_dec_and_test() */
    public boolean decAndTest()
    {
        final int old = (int)REFS.getAndAdd(this, -1);
        if (old == 1)
        {
            return true;
        }
        if (old <= 0)
        {
            saturate("underflow; use-after-free");
        }
        return false;
    }

    /** refcount_dec_if_one() */
    public boolean decIfOne()
    {
        return REFS.compareAndSet(this, 1, 0);
    }

    private void saturate(final String what)
    {
        refs = SATURATED;
        kernel.reports().add(Report.Kind.REFCOUNT, "refcount_t " + name + ": " + what);
    }

    @Override
    public String toString()
    {
        return Integer.toString(refs);
    }
}

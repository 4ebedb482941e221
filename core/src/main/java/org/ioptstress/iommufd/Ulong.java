package org.ioptstress.iommufd;

/** unsigned long arithmetic of the kernel on Java longs: IOVAs and lengths span the full 64 bits. */
final class Ulong
{
    private Ulong()
    {
    }

    static boolean lt(final long a, final long b)
    {
        return Long.compareUnsigned(a, b) < 0;
    }

    static boolean le(final long a, final long b)
    {
        return Long.compareUnsigned(a, b) <= 0;
    }

    static boolean gt(final long a, final long b)
    {
        return Long.compareUnsigned(a, b) > 0;
    }

    static boolean ge(final long a, final long b)
    {
        return Long.compareUnsigned(a, b) >= 0;
    }

    static long min(final long a, final long b)
    {
        return lt(a, b) ? a : b;
    }

    /** check_add_overflow(a, b): true when a + b wraps. */
    static boolean addOverflows(final long a, final long b)
    {
        return lt(a + b, a);
    }
}

package org.ioptstress.kernel;

/**
 * A kmalloc'ed kernel object with KASAN-like poisoning: {@link #kfree()} marks it freed, and every field
 * accessor of a subclass calls {@link #kasan(String)} first, so a read or write through a stale reference is
 * reported with the object, the field and the kernel function, instead of being hidden by Java's GC.
 */
public abstract class KObject
{
    protected final Kernel kernel;
    private volatile boolean freed;

    protected KObject(final Kernel kernel)
    {
        this.kernel = kernel;
    }

    public final Kernel kernel()
    {
        return kernel;
    }

    /** Checks one field access; a no-op while the object is live. */
    protected final void kasan(final String field)
    {
        if (freed)
        {
            kernel.reports().add(Report.Kind.USE_AFTER_FREE,
                "slab-use-after-free: " + field + " of freed " + describe(), 2);
        }
    }

    /** kfree() */
    public final void kfree()
    {
        if (freed)
        {
            kernel.reports().add(Report.Kind.DOUBLE_FREE, "double-free of " + describe());
            return;
        }
        freed = true;
    }

    public final boolean isFreed()
    {
        return freed;
    }

    /** What KASAN would name: the struct and enough of its identity to find it. */
    public abstract String describe();

    @Override
    public String toString()
    {
        return describe() + (freed ? " (freed)" : "");
    }
}

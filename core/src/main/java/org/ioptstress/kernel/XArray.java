package org.ioptstress.kernel;

import java.util.Arrays;

/**
 * The xarray shapes iommufd uses for small id spaces (the io_pagetable access_list, XA_FLAGS_ALLOC with a
 * 16-bit limit): lowest-free id allocation, iteration in index order that survives the lock being dropped
 * between two entries (xa_for_each continues from the index), and the xa_lock as a real {@link SpinLock}.
 * A walk is a {@link Cursor}: each step is one xa_find(), which reads the next present slot once and hands out
 * its index and entry together, so an entry erased meanwhile is skipped, never seen as NULL.
 * {@link #alloc} and {@link #erase} take the xa_lock themselves, as xa_alloc()/xa_erase() do; lookups and
 * iteration are done by a caller that holds the xa_lock or a lock that excludes every writer.
 */
public final class XArray<T>
{
    private final Kernel kernel;
    private final SpinLock xaLock;
    private final String name;
    private Object[] slots = new Object[8];
    private int count;

    public XArray(final Kernel kernel, final String lockClassName, final String name)
    {
        this.kernel = kernel;
        this.xaLock = new SpinLock(kernel, lockClassName);
        this.name = name;
    }

    /** xa_lock() / xa_unlock() of this array. */
    public SpinLock xaLock()
    {
        return xaLock;
    }

    /**
     * xa_alloc(): stores entry at the lowest free index in [0, limit]; the new index, -EBUSY when the range is
     * full, -ENOMEM when the node allocation fails.
     */
    public int alloc(final T entry, final int limit)
    {
        if (kernel.shouldFail("xa_alloc(" + name + ")"))
        {
            return -Errno.ENOMEM;
        }
        xaLock.lock();
        try
        {
            for (int i = 0; i <= limit; i++)
            {
                if (i == slots.length)
                {
                    slots = Arrays.copyOf(slots, (int)Math.min(slots.length * 2L, limit + 1L));
                }
                if (slots[i] == null)
                {
                    slots[i] = entry;
                    count++;
                    return i;
                }
            }
            return -Errno.EBUSY;
        }
        finally
        {
            xaLock.unlock();
        }
    }

    /** xa_erase(): the old entry, or null. */
    @SuppressWarnings("unchecked")
    public T erase(final int index)
    {
        xaLock.lock();
        try
        {
            if (index < 0 || index >= slots.length || slots[index] == null)
            {
                return null;
            }
            final T old = (T)slots[index];
            slots[index] = null;
            count--;
            return old;
        }
        finally
        {
            xaLock.unlock();
        }
    }

    /** xa_load() */
    @SuppressWarnings("unchecked")
    public T load(final int index)
    {
        final Object[] s = slots;
        return index >= 0 && index < s.length ? (T)s[index] : null;
    }

    /** A walk in index order: {@code xa_for_each(xa, index, entry)}. */
    public Cursor<T> cursor()
    {
        return new Cursor<>(this);
    }

    /**
     * xa_for_each()'s state: {@code for (c = xa.cursor(); c.next();) use(c.index(), c.entry());}. Each
     * {@link #next()} is one xa_find_after(): the slot is read once, so index and entry belong together.
     */
    public static final class Cursor<T>
    {
        private final XArray<T> xa;
        private int index = -1;
        private T entry;

        private Cursor(final XArray<T> xa)
        {
            this.xa = xa;
        }

        /** Moves to the smallest present index after the current one; false (entry null) at the end. */
        @SuppressWarnings("unchecked")
        public boolean next()
        {
            final Object[] s = xa.slots;
            for (int i = index + 1; i < s.length; i++)
            {
                final Object e = s[i];
                if (e != null)
                {
                    index = i;
                    entry = (T)e;
                    return true;
                }
            }
            index = s.length;
            entry = null;
            return false;
        }

        public int index()
        {
            return index;
        }

        public T entry()
        {
            return entry;
        }
    }

    /** xa_empty() */
    public boolean isEmpty()
    {
        return count == 0;
    }

    public int size()
    {
        return count;
    }
}

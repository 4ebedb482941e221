package org.ioptstress.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lockdep lock class: every lock initialised at the same site shares one (all {@code iova_rwsem}s are one
 * class), so an order seen on one io_pagetable is checked against every other.
 */
public final class LockClass
{
    static final int MAX_CLASSES = 64;
    private static final ConcurrentHashMap<String, LockClass> BY_NAME = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    final int id;
    final String name;
    final boolean spin;

    private LockClass(final String name, final boolean spin)
    {
        this.id = NEXT_ID.getAndIncrement();
        if (id >= MAX_CLASSES)
        {
            throw new IllegalStateException("too many lock classes: " + name);
        }
        this.name = name;
        this.spin = spin;
    }

    public static LockClass of(final String name, final boolean spin)
    {
        return BY_NAME.computeIfAbsent(name, n -> new LockClass(n, spin));
    }

    public String name()
    {
        return name;
    }

    @Override
    public String toString()
    {
        return name;
    }
}

package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EBADF;
import static org.ioptstress.kernel.Errno.EBADFD;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.agrona.collections.Int2ObjectHashMap;
import org.ioptstress.kernel.KObject;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Mutex;
import org.ioptstress.kernel.Refcount;

/**
 * The selftest driver's emulated-device accesses (selftest.c, struct selftest_access): an access fd with a
 * list of pinned items under its own mutex, whose unmap callback unpins every item that overlaps the notified
 * range (whole items, even a partial overlap). A fd's file reference keeps the access alive while an ioctl
 * runs on it; close() releases it when the last reference goes, as fput() does.
 */
final class Selftest
{
    public static final int MOCK_FLAGS_ACCESS_WRITE = 1;
    public static final int MOCK_FLAGS_ACCESS_SYZ = 1 << 16;
    public static final int MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES = 1;
    private static final long MAX_ACCESS_LENGTH = 16L * 1024 * 1024;

    private final IommufdCtx ictx;
    private final Int2ObjectHashMap<StAccess> fds = new Int2ObjectHashMap<>();
    private int nextFd = 3;

    private static final AccessOps.Unmap UNMAP = (data, iova, length) -> ((StAccess)data).unmap(iova, length);
    private static final AccessOps OPS_PIN = new AccessOps(true, UNMAP);
    private static final AccessOps OPS = new AccessOps(false, UNMAP);

    Selftest(final IommufdCtx ictx)
    {
        this.ictx = ictx;
    }

    /** One pinned range: struct selftest_access_item. */
    private record Item(int id, long iova, long length)
    {
    }

    /**
     * struct selftest_access (kzalloc'ed, KASAN-poisoned once freed: it is the access's {@code data}, so an
     * ops->unmap after its release is a use-after-free in the driver), plus its struct file's reference count.
     */
    private final class StAccess extends KObject
    {
        private final Mutex lock = new Mutex(ictx.kernel(), "selftest_access->lock");
        final Refcount fileRefs = new Refcount(ictx.kernel(), "selftest_access.file", 1);
        private final List<Item> items = new ArrayList<>();
        private int nextId;
        private Access access;

        StAccess()
        {
            super(ictx.kernel());
        }

        Mutex lock()
        {
            kasan("lock");
            return lock;
        }

        List<Item> items()
        {
            kasan("items");
            return items;
        }

        Access access()
        {
            kasan("access");
            return access;
        }

        int nextId()
        {
            kasan("next_id");
            return nextId++;
        }

        /** iommufd_test_access_unmap(): the ops->unmap callback. */
        void unmap(final long iova, final long length)
        {
            final long last = iova + length - 1;
            final Mutex staccessLock = lock();
            staccessLock.lock();
            try
            {
                for (final Iterator<Item> it = items().iterator(); it.hasNext();)
                {
                    final Item item = it.next();
                    if (Ulong.gt(iova, item.iova + item.length - 1) || Ulong.lt(last, item.iova))
                    {
                        continue;
                    }
                    it.remove();
                    access().unpinPages(item.iova, item.length);
                }
            }
            finally
            {
                staccessLock.unlock();
            }
        }

        /**
         * fput(): the last reference runs iommufd_test_staccess_release(): unmap everything, destroy the access,
         * kfree(staccess). The free happens whether or not iommufd_access_destroy() succeeded (it is void; a
         * failure is only a WARN), so an access left in the table keeps a dangling {@code data}.
         */
        void put()
        {
            if (fileRefs.decAndTest())
            {
                final Access staccessAccess = access();
                if (staccessAccess != null)
                {
                    unmap(0, Kernel.ULONG_MAX);
                    staccessAccess.destroy();
                }
                /* mutex_destroy(&staccess->lock); kfree(staccess); */
                kfree();
            }
        }

        @Override
        public String describe()
        {
            return "selftest_access(" + (access == null ? "no access" : access.describe()) + ")";
        }
    }

    /** iommufd_access_get(fd): fget() of a selftest access fd, or null (-EBADFD). */
    private synchronized StAccess get(final int fd)
    {
        final StAccess staccess = fds.get(fd);
        if (staccess == null)
        {
            return null;
        }
        staccess.fileRefs.inc();
        return staccess;
    }

    private synchronized int install(final StAccess staccess)
    {
        final int fd = nextFd++;
        fds.put(fd, staccess);
        return fd;
    }

    /** Every pin an open access fd holds, as {access, iova, length} (for {@link Invariants}; nothing in flight). */
    synchronized void forEachPin(final Invariants.PinVisitor visitor)
    {
        for (final StAccess staccess : fds.values())
        {
            for (final Item item : staccess.items)
            {
                visitor.pin(staccess.access, item.iova, item.length);
            }
        }
    }

    /** The accesses behind the open fds. */
    synchronized java.util.List<Access> openAccesses()
    {
        final java.util.List<Access> list = new ArrayList<>();
        for (final StAccess staccess : fds.values())
        {
            list.add(staccess.access);
        }
        return list;
    }

    synchronized Access accessOf(final int fd)
    {
        final StAccess staccess = fds.get(fd);
        return staccess == null ? null : staccess.access();
    }

    /** iommufd_test_create_access() */
    int createAccess(final int ioasId, final int flags)
    {
        if ((flags & ~MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES) != 0)
        {
            return -EOPNOTSUPP;
        }
        if (ictx.kernel().shouldFail("kzalloc(selftest_access)"))
        {
            return -ENOMEM;
        }
        final StAccess staccess = new StAccess();
        final AccessOps ops = (flags & MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES) != 0 ? OPS_PIN : OPS;
        final Access access = Access.create(ictx, ops, staccess);
        if (access == null)
        {
            staccess.kfree(); /* out_put_file: fput() -> release with staccess->access NULL */
            return -ENOMEM;
        }
        final int rc = access.attach(ioasId);
        if (rc != 0)
        {
            access.destroy();
            staccess.kfree();
            return rc;
        }
        staccess.access = access;
        return install(staccess);
    }

    /** iommufd_test_access_pages() */
    int accessPages(final int fd, final long iova, final long length, final int flags)
    {
        /* Prevent syzkaller from triggering a WARN_ON in kvzalloc() */
        if (Ulong.gt(length, MAX_ACCESS_LENGTH))
        {
            return -ENOMEM;
        }
        if ((flags & ~(MOCK_FLAGS_ACCESS_WRITE | MOCK_FLAGS_ACCESS_SYZ)) != 0)
        {
            return -EOPNOTSUPP;
        }
        final StAccess staccess = get(fd);
        if (staccess == null)
        {
            return -EBADFD;
        }
        try
        {
            final Access access = staccess.access();
            if (access.ops() != OPS_PIN)
            {
                return -EOPNOTSUPP;
            }
            final long alignedStart = iova & ~(Kernel.PAGE_SIZE - 1);
            final long alignedEnd = (iova + length + Kernel.PAGE_SIZE - 1) & ~(Kernel.PAGE_SIZE - 1);
            final long npages = (alignedEnd - alignedStart) / Kernel.PAGE_SIZE;
            if (ictx.kernel().shouldFail("kvcalloc(access pages)"))
            {
                return -ENOMEM;
            }
            final long[] pages = new long[(int)Math.max(npages, 1)];
            final Mutex staccessLock = staccess.lock();
            staccessLock.lock();
            try
            {
                final int rc = access.pinPages(iova, length, pages, flags & MOCK_FLAGS_ACCESS_WRITE);
                if (rc != 0)
                {
                    return rc;
                }
                if (ictx.kernel().shouldFail("kzalloc(selftest_access_item)"))
                {
                    access.unpinPages(iova, length);
                    return -ENOMEM;
                }
                final Item item = new Item(staccess.nextId(), iova, length);
                staccess.items().add(item);
                return item.id;
            }
            finally
            {
                staccessLock.unlock();
            }
        }
        finally
        {
            staccess.put();
        }
    }

    /** iommufd_test_access_item_destroy() */
    int destroyAccessPages(final int fd, final int itemId)
    {
        final StAccess staccess = get(fd);
        if (staccess == null)
        {
            return -EBADFD;
        }
        try
        {
            final Mutex staccessLock = staccess.lock();
            staccessLock.lock();
            try
            {
                for (final Iterator<Item> it = staccess.items().iterator(); it.hasNext();)
                {
                    final Item item = it.next();
                    if (item.id == itemId)
                    {
                        it.remove();
                        staccess.access().unpinPages(item.iova, item.length);
                        return 0;
                    }
                }
                return -ENOENT;
            }
            finally
            {
                staccessLock.unlock();
            }
        }
        finally
        {
            staccess.put();
        }
    }

    /** iommufd_test_access_replace_ioas() */
    int replaceIoas(final int fd, final int ioasId)
    {
        final StAccess staccess = get(fd);
        if (staccess == null)
        {
            return -EBADFD;
        }
        try
        {
            return staccess.access().replace(ioasId);
        }
        finally
        {
            staccess.put();
        }
    }

    /** close(fd) */
    int close(final int fd)
    {
        final StAccess staccess;
        synchronized (this)
        {
            staccess = fds.remove(fd);
        }
        if (staccess == null)
        {
            return -EBADF;
        }
        staccess.put();
        return 0;
    }

    /** Process exit: every fd still open is closed, in fd order. */
    void closeAll()
    {
        final int[] open;
        synchronized (this)
        {
            open = fds.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        for (final int fd : open)
        {
            close(fd);
        }
    }
}

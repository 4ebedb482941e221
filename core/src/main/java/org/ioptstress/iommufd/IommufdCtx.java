package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EBADF;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;

import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.MutableLong;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Refcount;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.Reports;
import org.ioptstress.kernel.SpinLock;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.kernel.WaitQueue;

/**
 * struct iommufd_ctx: one open /dev/iommu (main.c), its object table under {@code xa_lock(&ictx->objects)},
 * the destroy_wait queue, and the ioctl entry points (main.c's dispatch) of ioas.c ({@link Ioas}), viommu.c and
 * the selftest driver. It is also the process
 * that opened it: its user buffers and the selftest access fds, all released by {@link #close()}.
 */
public final class IommufdCtx implements AutoCloseable
{
    /** REMOVE_WAIT: sleep until short-term users (wait_cnt) are gone before destroying. */
    static final int REMOVE_WAIT = 1;
    /** IOMMU_IOAS_MAP_FIXED_IOVA | WRITEABLE | READABLE ({@link Ioas}'s) */
    public static final int IOAS_MAP_FIXED_IOVA = Ioas.IOMMU_IOAS_MAP_FIXED_IOVA;
    public static final int IOAS_MAP_WRITEABLE = Ioas.IOMMU_IOAS_MAP_WRITEABLE;
    public static final int IOAS_MAP_READABLE = Ioas.IOMMU_IOAS_MAP_READABLE;
    /** IOMMU_TEST_OP_CREATE_ACCESS flag: the access pins pages (its ops->needs_pin_pages). */
    public static final int MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES = Selftest.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES;
    /** IOMMU_TEST_OP_ACCESS_PAGES flag: a writable pin. */
    public static final int MOCK_FLAGS_ACCESS_WRITE = Selftest.MOCK_FLAGS_ACCESS_WRITE;

    private final Kernel kernel;
    private final Design design;
    private final SpinLock objectsLock;
    private final Int2ObjectHashMap<IommufdObject> objects = new Int2ObjectHashMap<>();
    /** XA_ZERO_ENTRY: an id reserved by iommufd_object_alloc() but not yet finalized. */
    private final IommufdObject zeroEntry;
    private final WaitQueue destroyWait;
    /**
     * ictx->file's f_count: the process's /dev/iommu fd, plus one per iommufd_ctx_get() (every external access
     * holds one until its destroy). iommufd_fops_release() runs only when the last goes.
     */
    private final Refcount fileRefs;
    private final List<UserBuffer> buffers = new ArrayList<>();
    final Selftest selftest;
    private boolean closed;

    public IommufdCtx(final Kernel kernel, final Design design)
    {
        this.kernel = kernel;
        this.design = design;
        this.objectsLock = new SpinLock(kernel, "ictx->objects.xa_lock");
        this.destroyWait = new WaitQueue(kernel);
        this.fileRefs = new Refcount(kernel, "ictx->file.f_count", 1);
        this.zeroEntry = new IommufdObject(this, ObjType.ANY)
        {
            @Override
            void destroyObject()
            {
            }
        };
        this.selftest = new Selftest(this);
    }

    /** A context on a fresh debug kernel built with {@code design}. */
    public static IommufdCtx open(final Design design)
    {
        return new IommufdCtx(new Kernel(), design);
    }

    public Kernel kernel()
    {
        return kernel;
    }

    public Design design()
    {
        return design;
    }

    public Reports reports()
    {
        return kernel.reports();
    }

    /** mmap() in the process that owns this fd: the memory its leak check covers. */
    public synchronized UserBuffer allocUserBuffer(final int npages, final boolean fragmented)
    {
        final UserBuffer buffer = kernel.allocUserBuffer(npages, fragmented);
        buffers.add(buffer);
        return buffer;
    }

    public UserBuffer allocUserBuffer(final int npages)
    {
        return allocUserBuffer(npages, false);
    }

    // ------------------------------------------------------------------------------- object table

    /** iommufd_object_alloc(): reserve an id (XA_ZERO_ENTRY); 0 or -ENOMEM. */
    int objectAlloc(final IommufdObject obj)
    {
        if (kernel.shouldFail("iommufd_object_alloc"))
        {
            return -ENOMEM;
        }
        objectsLock.lock();
        try
        {
            int id = 1;
            while (objects.containsKey(id))
            {
                id++;
            }
            objects.put(id, zeroEntry);
            obj.id = id;
            return 0;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** iommufd_object_finalize(): the object becomes visible to lookups. */
    void objectFinalize(final IommufdObject obj)
    {
        objectsLock.lock();
        try
        {
            final IommufdObject old = objects.put(obj.id, obj);
            kernel.warnOn(old != zeroEntry, "iommufd_object_finalize: id " + obj.id + " was not reserved");
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** iommufd_object_abort(): give the reserved id back and free. */
    void objectAbort(final IommufdObject obj)
    {
        objectsLock.lock();
        try
        {
            final IommufdObject old = objects.remove(obj.id);
            kernel.warnOn(old != zeroEntry, "iommufd_object_abort: id " + obj.id + " was not reserved");
        }
        finally
        {
            objectsLock.unlock();
        }
        obj.kfree();
    }

    /** iommufd_object_abort_and_destroy() */
    void objectAbortAndDestroy(final IommufdObject obj)
    {
        obj.destroyObject();
        objectAbort(obj);
    }

    /** iommufd_lock_obj(): users then wait_cnt, both inc_not_zero; under the container's lock or a ref. */
    static boolean lockObj(final IommufdObject obj)
    {
        if (!obj.users.incNotZero())
        {
            return false;
        }
        obj.kernel().delay(DelayPoint.LOCK_OBJ_WINDOW);
        if (!obj.waitCnt.incNotZero())
        {
            obj.users.dec();
            return false;
        }
        return true;
    }

    /** iommufd_get_object(): a locked reference, or null (-ENOENT). */
    public IommufdObject getObject(final int id, final ObjType type)
    {
        if (kernel.shouldFail("iommufd_get_object"))
        {
            return null;
        }
        objectsLock.lock();
        try
        {
            final IommufdObject obj = objects.get(id);
            if (obj == null || obj == zeroEntry || (type != ObjType.ANY && obj.type != type) || !lockObj(obj))
            {
                return null;
            }
            return obj;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** iommufd_ctx_get(): get_file(ictx->file), taken by iommufd_access_create(). */
    void ctxGet()
    {
        fileRefs.inc();
    }

    /** iommufd_ctx_put(): fput(ictx->file), in iommufd_access_destroy_object(); the last one releases the file. */
    void ctxPut()
    {
        if (fileRefs.decAndTest())
        {
            fopsRelease();
        }
    }

    /** iommufd_put_object(ictx, obj) with this context. */
    public void putObject(final IommufdObject obj)
    {
        putObject(this, obj);
    }

    /**
     * iommufd_put_object(ictx, obj): users first, then wait_cnt; only when wait_cnt reaches zero does it touch
     * {@code ictx} ({@code wake_up_interruptible_all(&ictx->destroy_wait)}). A NULL ictx (an internal access's
     * {@code access->ictx}) therefore oopses only when the put wakes a REMOVE_WAIT destroyer, and after both
     * counters dropped: that destroyer is not woken and sleeps out its timeout.
     */
    public static void putObject(final IommufdCtx ictx, final IommufdObject obj)
    {
        obj.users.dec();
        if (obj.waitCnt.decAndTest())
        {
            if (ictx == null)
            {
                throw obj.kernel().oops(Report.Kind.NULL_DEREF, "null-ptr-deref: "
                    + (obj.type == ObjType.ACCESS ? "access->ictx" : "ictx")
                    + " in iommufd_put_object(): wake_up_interruptible_all(&ictx->destroy_wait) for " + obj.describe());
            }
            ictx.destroyWait.wakeUpAll();
        }
    }

    /** iommufd_object_dec_wait(): 0, or -EBUSY after the bounded wait (the kernel's is 60 s). */
    private int objectDecWait(final IommufdObject toDestroy)
    {
        if (toDestroy.waitCnt.decAndTest())
        {
            return 0;
        }
        if (destroyWait.waitEventTimeout(() -> toDestroy.waitCnt.read() == 0, kernel.config().removeWaitTimeoutMillis()))
        {
            return 0;
        }
        kernel.reports().add(Report.Kind.HUNG_TASK,
            "Time out waiting for iommufd object to become free: " + toDestroy.describe());
        toDestroy.waitCnt.inc();
        return -EBUSY;
    }

    /** iommufd_object_remove() */
    int objectRemove(final IommufdObject toDestroy, final int id, final int flags)
    {
        boolean zerodWaitCnt = false;
        if ((flags & REMOVE_WAIT) != 0)
        {
            final int ret = objectDecWait(toDestroy);
            if (ret != 0)
            {
                /* We have a bug. Put back the caller's reference and defer cleaning this object until close. */
                toDestroy.users.dec();
                return ret;
            }
            zerodWaitCnt = true;
        }
        final IommufdObject obj;
        int ret = 0;
        objectsLock.lock();
        try
        {
            obj = objects.get(id);
            if (toDestroy != null)
            {
                /* If the caller is holding a ref on obj we put it here under the spinlock. */
                if (obj != null)
                {
                    obj.users.dec();
                }
                if (kernel.warnOn(obj != toDestroy, "iommufd_object_remove: id " + id + " is not the object"))
                {
                    ret = -ENOENT;
                }
            }
            else if (obj == null || obj == zeroEntry)
            {
                ret = -ENOENT;
            }
            kernel.delay(DelayPoint.OBJECT_REMOVE_WINDOW);
            if (ret == 0 && !obj.users.decIfOne())
            {
                ret = -EBUSY;
            }
            if (ret != 0)
            {
                if (zerodWaitCnt && obj != null)
                {
                    obj.waitCnt.set(1); /* Restore the xarray owned reference */
                }
                return ret;
            }
            objects.remove(id);
        }
        finally
        {
            objectsLock.unlock();
        }
        /* Since users is zero any positive wait_cnt must be racing iommufd_put_object(), or we have a bug. */
        if (!zerodWaitCnt)
        {
            final int rc = objectDecWait(obj);
            if (kernel.warnOn(rc != 0, "iommufd_object_remove: wait_cnt did not drain"))
            {
                return rc;
            }
        }
        obj.destroyObject();
        obj.kfree();
        return 0;
    }

    /** iommufd_object_destroy_user(): a driver destroying an object it holds; failures are bugs (WARN). */
    void objectDestroyUser(final IommufdObject obj)
    {
        kernel.warnOn(objectRemove(obj, obj.id, REMOVE_WAIT) != 0,
            "iommufd_object_destroy_user: " + obj.describe() + " not destroyed");
    }

    /** IOMMU_DESTROY: 0, -ENOENT, or -EBUSY while anything else holds the object. */
    public int destroy(final int id)
    {
        return objectRemove(null, id, 0);
    }

    /** Live objects of a type in the table (for arbiters and tests). */
    public int objectCount(final ObjType type)
    {
        objectsLock.lock();
        try
        {
            int n = 0;
            for (final IommufdObject obj : objects.values())
            {
                if (obj != zeroEntry && (type == ObjType.ANY || obj.type == type))
                {
                    n++;
                }
            }
            return n;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** The object with this id without taking a reference (tests and arbiters only), or null. */
    public IommufdObject peekObject(final int id)
    {
        objectsLock.lock();
        try
        {
            final IommufdObject obj = objects.get(id);
            return obj == zeroEntry ? null : obj;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ ioas.c
    /* main.c's iommufd_ioctl_ops dispatch: the handlers are ioas.c's, in Ioas */

    /** IOMMU_IOAS_ALLOC: the new IOAS id, or -ENOMEM ({@link Ioas#allocIoctl}). */
    public int ioasAlloc()
    {
        return Ioas.allocIoctl(this);
    }

    /** iommufd_get_ioas() ({@link Ioas#get}) */
    public Ioas getIoas(final int id)
    {
        return Ioas.get(this, id);
    }

    /** IOMMU_IOAS_MAP ({@link Ioas#map}). */
    public int ioasMap(final int ioasId, final long iova, final UserBuffer buffer, final long uptrOffset,
        final long length, final int flags)
    {
        return Ioas.map(this, ioasId, iova, buffer, uptrOffset, length, flags);
    }

    /** Read-write map: {@code ioasMap(.., READABLE | WRITEABLE)}, as the selftest's test_ioctl_ioas_map_fixed(). */
    public int ioasMap(final int ioasId, final long iova, final UserBuffer buffer, final long uptrOffset, final long length)
    {
        return Ioas.map(this, ioasId, iova, buffer, uptrOffset, length, IOAS_MAP_READABLE | IOAS_MAP_WRITEABLE);
    }

    /** IOMMU_IOAS_UNMAP ({@link Ioas#unmap}); on success the bytes unmapped go to {@code outLength} (may be null). */
    public int ioasUnmap(final int ioasId, final long iova, final long length, final MutableLong outLength)
    {
        return Ioas.unmap(this, ioasId, iova, length, outLength);
    }

    public int ioasUnmap(final int ioasId, final long iova, final long length)
    {
        return Ioas.unmap(this, ioasId, iova, length, null);
    }

    // --------------------------------------------------------------------------------- viommu.c

    /** IOMMU_VIOMMU_ALLOC on a nesting-parent HWPT of this IOAS (the HWPT is folded into the vIOMMU). */
    public int viommuAlloc(final int ioasId)
    {
        final Ioas ioas = getIoas(ioasId);
        if (ioas == null)
        {
            return -ENOENT;
        }
        try
        {
            final Viommu viommu = new Viommu(this, ioas);
            final int rc = objectAlloc(viommu);
            if (rc != 0)
            {
                return rc;
            }
            ioas.users.inc(); /* the nesting parent HWPT's reference on its IOAS */
            objectFinalize(viommu);
            return viommu.id;
        }
        finally
        {
            putObject(ioas);
        }
    }

    /** IOMMU_HW_QUEUE_ALLOC: the new queue's id or a negative errno (see {@link HwQueue#alloc}). */
    public int hwQueueAlloc(final int viommuId, final int type, final int index, final long baseAddr,
        final long length, final int flags)
    {
        return HwQueue.alloc(this, viommuId, type, index, baseAddr, length, flags);
    }

    /** {@link #hwQueueAlloc} of the selftest type with no flags. */
    public int hwQueueAlloc(final int viommuId, final int index, final long baseAddr, final long length)
    {
        return HwQueue.alloc(this, viommuId, HwQueue.TYPE_SELFTEST, index, baseAddr, length, 0);
    }

    // ------------------------------------------------------------------------------- selftest.c

    /** IOMMU_TEST_OP_CREATE_ACCESS: an access fd (positive) on ioasId, or a negative errno. */
    public int testCreateAccess(final int ioasId, final int flags)
    {
        return selftest.createAccess(ioasId, flags);
    }

    /** IOMMU_TEST_OP_ACCESS_PAGES: pin through the access fd; the item id (>= 0) or a negative errno. */
    public int testAccessPages(final int accessFd, final long iova, final long length, final int flags)
    {
        return selftest.accessPages(accessFd, iova, length, flags);
    }

    /** IOMMU_TEST_OP_DESTROY_ACCESS_PAGES: unpin one item; 0, -ENOENT, -EBADFD. */
    public int testDestroyAccessPages(final int accessFd, final int itemId)
    {
        return selftest.destroyAccessPages(accessFd, itemId);
    }

    /** IOMMU_TEST_OP_ACCESS_REPLACE_IOAS */
    public int testAccessReplaceIoas(final int accessFd, final int ioasId)
    {
        return selftest.replaceIoas(accessFd, ioasId);
    }

    /** close() of an access fd: unmap(0, ULONG_MAX) unpins every item, then iommufd_access_destroy(). */
    public int closeFd(final int accessFd)
    {
        return selftest.close(accessFd);
    }

    /** The access behind a selftest fd (null if closed): for scenarios that drive the access API directly. */
    public Access accessOfFd(final int accessFd)
    {
        return selftest.accessOf(accessFd);
    }

    // ---------------------------------------------------------------------------------- release

    /**
     * The process exits: its access fds close first (each holds a file reference on this context), then
     * iommufd_fops_release() destroys every object leaves-first. Afterwards nothing may be left: objects,
     * pinned pages of this process's buffers. What is left is reported as LEAK. Returns 0, or -EBADF when
     * already closed.
     */
    @Override
    public void close()
    {
        release();
    }

    public synchronized int release()
    {
        if (closed)
        {
            return -EBADF;
        }
        closed = true;
        selftest.closeAll();
        /* close() of the process's fd: fput(); iommufd_fops_release() runs only if nothing else holds the file */
        if (fileRefs.decAndTest())
        {
            fopsRelease();
        }
        else
        {
            /* an access whose destroy failed keeps its iommufd_ctx_get() reference: the context is never released */
            kernel.reports().add(Report.Kind.LEAK, "iommufd_ctx never released: " + fileRefs.read()
                + " file references held by accesses that were not destroyed");
        }
        checkLeaks();
        return 0;
    }

    /**
     * iommufd_fops_release(): pass after pass, xa_for_each() over the objects in id order destroys each one whose
     * users can drop 1 -> 0 on the spot (xa_erase(), destroy, kfree) before looking at the next, so a destroy
     * can turn an object later in the same pass into a leaf; WARN and give up when a pass destroys nothing.
     */
    private void fopsRelease()
    {
        for (;;)
        {
            int destroyed = 0;
            boolean empty = true;
            for (IommufdObject obj = objectFrom(0); obj != null; obj = objectFrom(obj.id + 1))
            {
                empty = false;
                if (!obj.users.decIfOne())
                {
                    continue;
                }
                destroyed++;
                objectsLock.lock();
                try
                {
                    objects.remove(obj.id);
                }
                finally
                {
                    objectsLock.unlock();
                }
                obj.destroyObject();
                obj.kfree();
            }
            if (empty || kernel.warnOn(destroyed == 0, "iommufd_fops_release: objects left that nothing destroys"))
            {
                return;
            }
        }
    }

    /**
     * One xa_find() step of xa_for_each(&ictx->objects): the object with the smallest id at or after
     * {@code index}, XA_ZERO_ENTRY skipped; null at the end. (The kernel walks under RCU; here the xa_lock.)
     */
    private IommufdObject objectFrom(final int index)
    {
        objectsLock.lock();
        try
        {
            IommufdObject first = null;
            for (final IommufdObject obj : objects.values())
            {
                if (obj != zeroEntry && obj.id >= index && (first == null || obj.id < first.id))
                {
                    first = obj;
                }
            }
            return first;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    private void checkLeaks()
    {
        final int left = objectCount(ObjType.ANY);
        if (left != 0)
        {
            kernel.reports().add(Report.Kind.LEAK, left + " objects left after close: " + objectsDescription());
        }
        for (final UserBuffer buffer : buffers)
        {
            final long pinned = buffer.pinnedPages();
            if (pinned != 0)
            {
                kernel.reports().add(Report.Kind.LEAK, pinned + " page pins left after close");
            }
        }
    }

    private String objectsDescription()
    {
        objectsLock.lock();
        try
        {
            final StringBuilder sb = new StringBuilder();
            for (final IommufdObject obj : objects.values())
            {
                sb.append(obj.describe()).append(" users=").append(obj.users.read()).append(' ');
            }
            return sb.toString().trim();
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** The live objects in id order, and whether an id is reserved but not finalized (for {@link Invariants}). */
    List<IommufdObject> objectsSnapshot(final boolean[] reservedOut)
    {
        objectsLock.lock();
        try
        {
            final List<Integer> ids = new ArrayList<>(objects.keySet());
            ids.sort(null);
            final List<IommufdObject> live = new ArrayList<>(ids.size());
            for (final int id : ids)
            {
                final IommufdObject obj = objects.get(id);
                if (obj == zeroEntry)
                {
                    reservedOut[0] = true;
                }
                else
                {
                    live.add(obj);
                }
            }
            return live;
        }
        finally
        {
            objectsLock.unlock();
        }
    }

    /** This process's mmap()ed buffers (for {@link Invariants}). */
    synchronized List<UserBuffer> buffers()
    {
        return new ArrayList<>(buffers);
    }

    /** Pages this process still has pinned. */
    public synchronized long pinnedPages()
    {
        long total = 0;
        for (final UserBuffer buffer : buffers)
        {
            total += buffer.pinnedPages();
        }
        return total;
    }

    public boolean isClosed()
    {
        return closed;
    }
}

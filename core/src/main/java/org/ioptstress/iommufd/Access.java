package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.EOVERFLOW;
import static org.ioptstress.kernel.Errno.EPERM;

import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Mutex;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.SpinLock;
import org.ioptstress.kernel.XArray;

/**
 * struct iommufd_access and its API (device.c). {@code ioas}, {@code ioas_unpin} and the access-list id are
 * protected by {@code ioas_lock}; pin and unpin take ioas_lock -> iova_rwsem (read) -> pages->mutex. An
 * internal access (the HW queue's) has {@code ictx == NULL} and no ops.
 */
public final class Access extends IommufdObject
{
    private IommufdCtx ictx;
    private Ioas ioas;
    private Ioas ioasUnpin;
    final Mutex ioasLock;
    private AccessOps ops;
    private Object data;
    private long iovaAlignment;
    private int ioptAccessListId;
    /** false only for baseline's HW queue access, see {@link #createWithoutCtxRef}. */
    private boolean holdsCtxRef;

    private Access(final IommufdCtx owner)
    {
        super(owner, ObjType.ACCESS);
        this.ioasLock = new Mutex(owner.kernel(), "access->ioas_lock");
    }

    // ------------------------------------------------------------------------------------ lifecycle

    /** __iommufd_access_create(): allocated, not yet visible; the calling driver holds a users ref. */
    private static Access allocAccess(final IommufdCtx ictx)
    {
        final Access access = new Access(ictx);
        if (ictx.objectAlloc(access) != 0)
        {
            return null;
        }
        /* The calling driver is a user until iommufd_access_destroy() */
        access.users.inc();
        return access;
    }

    /**
     * iommufd_access_create(): an external access (an mdev's); null on -ENOMEM. It holds a file reference on
     * its context (iommufd_ctx_get()) until iommufd_access_destroy_object(): while it exists, closing
     * /dev/iommu does not release the context.
     */
    public static Access create(final IommufdCtx ictx, final AccessOps ops, final Object data)
    {
        return create(ictx, ops, data, true);
    }

    /**
     * baseline's HW queue only (a port construct: no queue existed before the series): iommufd_access_create()
     * without the iommufd_ctx_get() file reference. With it, every process exiting with a queue alive would leak
     * its context (the cycle ictx release -> queue destroy -> access destroy -> ictx reference, which 1c26c3bb's
     * internal access exists to break), and baseline would fail every queue scenario for that alone.
     */
    public static Access createWithoutCtxRef(final IommufdCtx ictx, final AccessOps ops, final Object data)
    {
        return create(ictx, ops, data, false);
    }

    private static Access create(final IommufdCtx ictx, final AccessOps ops, final Object data, final boolean ctxRef)
    {
        final Access access = allocAccess(ictx);
        if (access == null)
        {
            return null;
        }
        access.data = data;
        access.ops = ops;
        access.iovaAlignment = ops.needsPinPages() ? Kernel.PAGE_SIZE : 1;
        access.ictx = ictx;
        access.holdsCtxRef = ctxRef;
        if (ctxRef)
        {
            ictx.ctxGet();
        }
        ictx.objectFinalize(access);
        return access;
    }

    /**
     * iommufd_access_create_internal(): no ictx (so no file reference, which would be a cycle through
     * ictx release), no ops; null on -ENOMEM. Only designs from the series on have it.
     */
    public static Access createInternal(final IommufdCtx ictx)
    {
        if (!ictx.design().hasInternalAccess())
        {
            throw new UnsupportedOperationException(ictx.design().name() + " has no iommufd_access_create_internal()");
        }
        final Access access = allocAccess(ictx);
        if (access == null)
        {
            return null;
        }
        access.iovaAlignment = Kernel.PAGE_SIZE;
        ictx.objectFinalize(access);
        return access;
    }

    /** iommufd_access_destroy(): {@code iommufd_object_destroy_user(access->ictx, &access->obj)}. */
    public void destroy()
    {
        final IommufdCtx accessIctx = ictx();
        if (accessIctx == null)
        {
            /* iommufd_object_remove(NULL, ...): iommufd_object_dec_wait() drops wait_cnt, then sleeps on
               ictx->destroy_wait or takes xa_lock(&ictx->objects): a NULL dereference either way */
            waitCnt.decAndTest();
            throw kernel.oops(Report.Kind.NULL_DEREF,
                "null-ptr-deref: access->ictx in iommufd_access_destroy() (iommufd_object_remove()) of " + describe());
        }
        accessIctx.objectDestroyUser(this);
    }

    /** access->ioas_lock (for designs that take it elsewhere, e.g. a negative control's lock order). */
    public Mutex ioasLock()
    {
        return ioasLock;
    }

    /** iommufd_access_destroy_internal() */
    public static void destroyInternal(final IommufdCtx ictx, final Access access)
    {
        ictx.objectDestroyUser(access);
    }

    /** iommufd_access_destroy_object(): the type's destroy op. */
    @Override
    void destroyObject()
    {
        ioasLock.lock();
        try
        {
            if (ioas() != null)
            {
                kernel.warnOn(changeIoas(null) != 0, "iommufd_access_destroy_object: change_ioas(NULL) failed");
            }
        }
        finally
        {
            ioasLock.unlock();
        }
        /* BASE: iommufd_ctx_put(access->ictx); 1c26c3bb: only if (!iommufd_access_is_internal(access)) */
        if ((!design().hasInternalAccess() || !isInternal()) && holdsCtxRef)
        {
            final IommufdCtx accessIctx = ictx();
            if (accessIctx == null)
            {
                throw kernel.oops(Report.Kind.NULL_DEREF,
                    "null-ptr-deref: access->ictx in iommufd_access_destroy_object() (iommufd_ctx_put()) of " + describe());
            }
            accessIctx.ctxPut();
        }
    }

    // ------------------------------------------------------------------------------ attach / detach

    /** iommufd_access_attach() */
    public int attach(final int ioasId)
    {
        ioasLock.lock();
        try
        {
            if (kernel.warnOn(ioas() != null, "iommufd_access_attach: already attached"))
            {
                return -EINVAL;
            }
            return changeIoasId(ioasId);
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    /** iommufd_access_attach_internal(): the IOAS by pointer, the caller holds a reference on it. */
    public int attachInternal(final Ioas newIoas)
    {
        ioasLock.lock();
        try
        {
            if (kernel.warnOn(ioas() != null, "iommufd_access_attach_internal: already attached"))
            {
                return -EINVAL;
            }
            return changeIoas(newIoas);
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    /** iommufd_access_detach() (and iommufd_access_detach_internal(), the same inline). */
    public void detach()
    {
        ioasLock.lock();
        try
        {
            if (kernel.warnOn(ioas() == null, "iommufd_access_detach: not attached"))
            {
                return;
            }
            kernel.warnOn(changeIoas(null) != 0, "iommufd_access_detach: change_ioas(NULL) failed");
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    /** iommufd_access_replace() */
    public int replace(final int ioasId)
    {
        ioasLock.lock();
        try
        {
            if (ioas() == null)
            {
                return -ENOENT;
            }
            return changeIoasId(ioasId);
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    /** iommufd_access_change_ioas_id() */
    private int changeIoasId(final int ioasId)
    {
        final IommufdCtx accessIctx = ictx();
        if (accessIctx == null)
        {
            throw kernel.oops(Report.Kind.NULL_DEREF,
                "null-ptr-deref: access->ictx in iommufd_access_change_ioas_id() (iommufd_get_ioas()) of " + describe());
        }
        final Ioas newIoas = (Ioas)accessIctx.getObject(ioasId, ObjType.IOAS);
        if (newIoas == null)
        {
            return -ENOENT;
        }
        final int rc = changeIoas(newIoas);
        IommufdCtx.putObject(accessIctx, newIoas);
        return rc;
    }

    /**
     * iommufd_access_change_ioas(): caller holds ioas_lock. While it runs, ioas is NULL (new pins get -ENOENT)
     * and ioas_unpin keeps unpins working; ioas_lock is dropped around ops->unmap(0, ULONG_MAX).
     */
    private int changeIoas(final Ioas newIoas)
    {
        ioasLock.assertHeld();
        final int savedId = ioptAccessListId();
        final Ioas cur = ioas();
        /* We are racing with a concurrent detach, bail */
        if (cur != ioasUnpin())
        {
            return -EBUSY;
        }
        if (cur == newIoas)
        {
            return 0;
        }
        /* Set ioas to NULL to block any further iommufd_access_pin_pages(); ioas_unpin stays for unpins */
        setIoas(null);
        if (newIoas != null)
        {
            final int rc = newIoas.iopt.addAccess(this);
            if (rc != 0)
            {
                setIoas(cur);
                return rc;
            }
            newIoas.users.inc();
        }
        if (cur != null)
        {
            if (design().changeIoasCallsUnmap(this))
            {
                ioasLock.unlock();
                kernel.delay(DelayPoint.CHANGE_IOAS_WINDOW);
                callUnmap(0, Kernel.ULONG_MAX);
                ioasLock.lock();
            }
            cur.iopt.removeAccess(this, savedId);
            cur.users.dec();
        }
        setIoas(newIoas);
        setIoasUnpin(newIoas);
        return 0;
    }

    // ----------------------------------------------------------------------------------- notify_unmap

    /**
     * iommufd_access_notify_unmap(): called with no iopt lock held. Walks the access list under its xa_lock,
     * dropping it around each ops->unmap (a users/wait_cnt reference keeps the access alive). Returns 0, or
     * the design's errno (v6/v7 made this function return int).
     */
    public static int notifyUnmap(final IoPagetable iopt, final long iova, final long length)
    {
        final Design design = iopt.design();
        final XArray<Access> accessList = iopt.accessList;
        final SpinLock xaLock = accessList.xaLock();
        xaLock.lock();
        try
        {
            final int ret = design.notifyUnmapPrescan(iopt);
            if (ret != 0)
            {
                return ret;
            }
            for (final XArray.Cursor<Access> xas = accessList.cursor(); xas.next();)
            {
                final Access access = xas.entry();
                if (design.notifyUnmapSkipsBeforeLock(access) || !IommufdCtx.lockObj(access) || design.notifyUnmapSkips(access))
                {
                    continue;
                }
                xaLock.unlock();
                try
                {
                    iopt.kernel.delay(DelayPoint.NOTIFY_CALLBACK_WINDOW);
                    if (design.notifyUnmapCallsUnmap(access))
                    {
                        access.callUnmap(iova, length);
                    }
                    /* iommufd_put_object(access->ictx, &access->obj): NULL for an internal access */
                    IommufdCtx.putObject(access.ictx(), access);
                }
                finally
                {
                    xaLock.lock();
                }
            }
            return 0;
        }
        finally
        {
            xaLock.unlock();
        }
    }

    /** access->ops->unmap(access->data, iova, length): may sleep; an access without ops oopses here. */
    void callUnmap(final long iova, final long length)
    {
        kernel.lockdep().mightSleep("access->ops->unmap");
        final AccessOps accessOps = ops();
        if (accessOps == null)
        {
            throw kernel.oops(Report.Kind.NULL_DEREF,
                "null-ptr-deref: access->ops->unmap of " + describe() + " (no ops)");
        }
        if (accessOps.unmap() != null)
        {
            accessOps.unmap().unmap(data(), iova, length);
        }
    }

    // ------------------------------------------------------------------------------------- pin / unpin

    /** check_area_prot() */
    private static boolean checkAreaProt(final IoptArea area, final int flags)
    {
        if ((flags & IoptArea.ACCESS_RW_WRITE) != 0)
        {
            return (area.iommuProt() & IoptArea.IOMMU_WRITE) != 0;
        }
        return (area.iommuProt() & IoptArea.IOMMU_READ) != 0;
    }

    /**
     * iommufd_access_pin_pages(): pin [iova, iova + length) and report one pfn per page into outPfns (may be
     * null). Check order: ops (WARN, -EINVAL), length 0 (-EINVAL), overflow (-EOVERFLOW), detached (-ENOENT);
     * per contiguous area: prevent_access or misaligned (-EINVAL), protection (-EPERM), add_access; a hole
     * (-ENOENT). On error everything pinned so far is unpinned again.
     */
    public int pinPages(final long iova, final long length, final long[] outPfns, final int flags)
    {
        final Design design = design();
        if (kernel.warnOn(design.pinPagesOpsInvalid(this), "iommufd_access_pin_pages: driver's ops don't support pin_pages"))
        {
            return -EINVAL;
        }
        if (length == 0)
        {
            return -EINVAL;
        }
        if (Ulong.addOverflows(iova, length - 1))
        {
            return -EOVERFLOW;
        }
        final long lastIova = iova + length - 1;
        final boolean lockArea = design.pinLocksArea(this);
        final boolean unlockArea = design.unpinUnlocksArea(this);
        ioasLock.lock();
        try
        {
            final Ioas cur = ioas();
            if (cur == null)
            {
                return -ENOENT;
            }
            final IoPagetable iopt = cur.iopt;
            iopt.iovaRwsem.downRead();
            try
            {
                final AreaContigIter iter = new AreaContigIter(iopt);
                int rc = 0;
                int out = 0;
                for (IoptArea area = iter.init(iova, lastIova); area != null; area = iter.next())
                {
                    final long last = Ulong.min(lastIova, area.lastIova());
                    final int lastIndex = area.iovaToIndex(last);
                    final int index = area.iovaToIndex(iter.curIova);
                    if (area.preventAccess() || !iter.isAligned())
                    {
                        rc = -EINVAL;
                        break;
                    }
                    if (!checkAreaProt(area, flags))
                    {
                        rc = -EPERM;
                        break;
                    }
                    rc = area.addAccess(index, lastIndex, outPfns, out, flags, lockArea, this);
                    if (rc != 0)
                    {
                        break;
                    }
                    out += lastIndex - index + 1;
                    kernel.delay(DelayPoint.PIN_AREA_WINDOW);
                }
                if (rc == 0)
                {
                    if (iter.done())
                    {
                        return 0;
                    }
                    rc = -ENOENT;
                }
                /* err_remove: undo [iova, cur_iova - 1] */
                if (Ulong.lt(iova, iter.curIova))
                {
                    final long lastRemove = iter.curIova - 1;
                    for (IoptArea area = iter.init(iova, lastRemove); area != null; area = iter.next())
                    {
                        area.removeAccess(area.iovaToIndex(iter.curIova),
                            area.iovaToIndex(Ulong.min(lastRemove, area.lastIova())), unlockArea);
                    }
                }
                return rc;
            }
            finally
            {
                iopt.iovaRwsem.upRead();
            }
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    /** iommufd_access_unpin_pages(): through ioas_unpin, so it works inside change_ioas's window. */
    public void unpinPages(final long iova, final long length)
    {
        final boolean unlockArea = design().unpinUnlocksArea(this);
        if (kernel.warnOn(length == 0, "iommufd_access_unpin_pages: length 0")
            || kernel.warnOn(Ulong.addOverflows(iova, length - 1), "iommufd_access_unpin_pages: overflow"))
        {
            return;
        }
        final long lastIova = iova + length - 1;
        ioasLock.lock();
        try
        {
            final Ioas unpinIoas = ioasUnpin();
            if (kernel.warnOn(unpinIoas == null, "iommufd_access_unpin_pages: no ioas_unpin"))
            {
                return;
            }
            final IoPagetable iopt = unpinIoas.iopt;
            iopt.iovaRwsem.downRead();
            try
            {
                final AreaContigIter iter = new AreaContigIter(iopt);
                for (IoptArea area = iter.init(iova, lastIova); area != null; area = iter.next())
                {
                    area.removeAccess(area.iovaToIndex(iter.curIova),
                        area.iovaToIndex(Ulong.min(lastIova, area.lastIova())), unlockArea);
                }
                kernel.warnOn(!iter.done(), "iommufd_access_unpin_pages: range not fully mapped");
            }
            finally
            {
                iopt.iovaRwsem.upRead();
            }
        }
        finally
        {
            ioasLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------- fields

    /** access->ictx: the owning context of an external access, NULL for an internal one (1c26c3bb). */
    IommufdCtx ictx()
    {
        kasan("ictx");
        return ictx;
    }

    /** iommufd_access_is_internal(): !access->ictx. */
    public boolean isInternal()
    {
        kasan("ictx");
        return ictx == null;
    }

    public Ioas ioas()
    {
        kasan("ioas");
        return ioas;
    }

    private void setIoas(final Ioas ioas)
    {
        kasan("ioas");
        this.ioas = ioas;
    }

    public Ioas ioasUnpin()
    {
        kasan("ioas_unpin");
        return ioasUnpin;
    }

    private void setIoasUnpin(final Ioas ioasUnpin)
    {
        kasan("ioas_unpin");
        this.ioasUnpin = ioasUnpin;
    }

    public AccessOps ops()
    {
        kasan("ops");
        return ops;
    }

    Object data()
    {
        kasan("data");
        return data;
    }

    public long iovaAlignment()
    {
        kasan("iova_alignment");
        return iovaAlignment;
    }

    int ioptAccessListId()
    {
        kasan("iopt_access_list_id");
        return ioptAccessListId;
    }

    void setIoptAccessListId(final int id)
    {
        kasan("iopt_access_list_id");
        this.ioptAccessListId = id;
    }

    @Override
    public String describe()
    {
        return "iommufd_access(id " + id + (ictx == null ? ", internal" : "") + ")";
    }
}

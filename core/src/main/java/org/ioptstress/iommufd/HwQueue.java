package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EFAULT;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;
import static org.ioptstress.kernel.Errno.EOVERFLOW;
import static org.ioptstress.kernel.Errno.ERANGE;

import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;

/**
 * struct iommufd_hw_queue (viommu.c): guest memory a vIOMMU's hardware reads, pinned for the queue's whole
 * life through an internal access on the nesting parent's IOAS, so that the area is locked against unmap.
 */
public final class HwQueue extends IommufdObject
{
    public static final int TYPE_DEFAULT = 0;
    /** IOMMU_HW_QUEUE_TYPE_SELFTEST */
    public static final int TYPE_SELFTEST = 0xdeadbeef;
    /**
     * The port's kvcalloc() limit for the page array: 2^16 pages. The kernel's kvcalloc(max_npages, 8,
     * GFP_KERNEL | __GFP_NOWARN) fails only above INT_MAX bytes (2^28 pages); the port does not allocate pfn arrays
     * that large in the JVM, so 2^16 to 2^28 pages is -ENOMEM here where the kernel would go on and pin (a known
     * limit, README). No scenario uses a queue of more than a few pages.
     */
    private static final long MAX_NPAGES = 1 << 16;

    private Viommu viommu;
    private Access access;
    private long baseAddr;
    private long length;
    private long basePa;
    /** hw_queue->destroy: set by the driver only when its init succeeded. */
    boolean hasDriverDestroy;
    HwQueue mockPrev;
    /** mock_hw_queue->index: never assigned upstream, see {@link Viommu#mockHwQueueDestroy}. */
    int mockIndex;

    private HwQueue(final IommufdCtx owner)
    {
        super(owner, ObjType.HW_QUEUE);
    }

    /**
     * iommufd_hw_queue_alloc_ioctl(): flags or DEFAULT type (-EOPNOTSUPP), length 0 (-EINVAL), base + length
     * overflow (-EOVERFLOW), bad vIOMMU (-ENOENT), unsupported type (-EOPNOTSUPP); then pin the memory and let
     * the driver init the queue. Any failure after the object was allocated destroys it, which undoes the pin.
     */
    static int alloc(final IommufdCtx ictx, final int viommuId, final int type, final int index,
        final long baseAddr, final long length, final int flags)
    {
        if (flags != 0 || type == TYPE_DEFAULT)
        {
            return -EOPNOTSUPP;
        }
        if (length == 0)
        {
            return -EINVAL;
        }
        if (Ulong.addOverflows(baseAddr, length - 1))
        {
            return -EOVERFLOW;
        }
        final Viommu viommu = (Viommu)ictx.getObject(viommuId, ObjType.VIOMMU);
        if (viommu == null)
        {
            return -ENOENT;
        }
        final HwQueue queue;
        int rc;
        try
        {
            /* mock get_hw_queue_size(): only the selftest type has a size */
            if (type != TYPE_SELFTEST)
            {
                return -EOPNOTSUPP;
            }
            queue = new HwQueue(ictx);
            rc = ictx.objectAlloc(queue);
            if (rc != 0)
            {
                return rc;
            }
            rc = queue.allocPhys(viommu, baseAddr, length);
            if (rc == 0)
            {
                queue.viommu = viommu;
                viommu.users.inc();
                queue.baseAddr = baseAddr;
                queue.length = length;
                rc = viommu.mockHwQueueInitPhys(queue, index, queue.basePa);
            }
        }
        finally
        {
            ictx.putObject(viommu);
        }
        /* iommufd_fops_ioctl(): the new object is finalized on success, aborted and destroyed on failure */
        if (rc != 0)
        {
            ictx.objectAbortAndDestroy(queue);
            return rc;
        }
        ictx.objectFinalize(queue);
        return queue.id;
    }

    /**
     * iommufd_hw_queue_alloc_phys(): create an internal access, attach it to the parent IOAS, pin the
     * page-aligned range and check that it is physically contiguous. Unwinds in reverse on failure.
     */
    private int allocPhys(final Viommu viommu, final long iova, final long len)
    {
        final Design design = design();
        final long aligned = iova & ~(Kernel.PAGE_SIZE - 1);
        final long offset = iova - aligned;
        if (Ulong.addOverflows(offset, len) || Ulong.addOverflows(offset + len, Kernel.PAGE_SIZE - 1))
        {
            return -ERANGE;
        }
        final long maxNpages = Long.divideUnsigned(offset + len + Kernel.PAGE_SIZE - 1, Kernel.PAGE_SIZE);
        final long pinLength = maxNpages * Kernel.PAGE_SIZE;
        if (maxNpages > MAX_NPAGES || kernel.shouldFail("kvcalloc(hw_queue pages)"))
        {
            return -ENOMEM;
        }
        final long[] pages = new long[(int)maxNpages];

        final Access newAccess = design.hwQueueAccessCreate(viommu.ictx);
        if (newAccess == null)
        {
            return -ENOMEM;
        }
        int rc = design.hwQueueAccessAttach(newAccess, viommu.ioas);
        if (rc == 0)
        {
            kernel.delay(DelayPoint.HW_QUEUE_ATTACH_WINDOW);
            rc = newAccess.pinPages(aligned, pinLength, pages, 0);
            if (rc == 0)
            {
                /* Validate if the underlying physical pages are contiguous */
                for (int i = 1; i < pages.length; i++)
                {
                    if (pages[i] != pages[i - 1] + 1)
                    {
                        rc = -EFAULT;
                        break;
                    }
                }
                if (rc == 0)
                {
                    this.basePa = (pages[0] << Kernel.PAGE_SHIFT) + offset;
                    this.access = newAccess;
                    return 0;
                }
                newAccess.unpinPages(aligned, pinLength);
            }
            design.hwQueueAccessDetach(newAccess);
        }
        design.hwQueueAccessDestroy(viommu.ictx, newAccess);
        return rc;
    }

    /** What the S2 domain translates base_addr to: the pinned pfn of its page, plus the offset. */
    long s2Translation()
    {
        return basePa;
    }

    /** iommufd_hw_queue_destroy(): driver destroy, then unpin -> detach -> destroy the access, then the vIOMMU ref. */
    @Override
    void destroyObject()
    {
        if (hasDriverDestroy)
        {
            viommu.mockHwQueueDestroy(this);
        }
        if (access != null)
        {
            final long aligned = baseAddr & ~(Kernel.PAGE_SIZE - 1);
            final long offset = baseAddr - aligned;
            final long pinLength = (offset + length + Kernel.PAGE_SIZE - 1) & ~(Kernel.PAGE_SIZE - 1);
            access.unpinPages(aligned, pinLength);
            design().hwQueueAccessDetach(access);
            design().hwQueueAccessDestroy(viommu == null ? owner : viommu.ictx, access);
        }
        if (viommu != null)
        {
            viommu.users.dec();
        }
    }

    /** hw_queue->viommu (null until the queue's memory was pinned). */
    Viommu viommu()
    {
        kasan("viommu");
        return viommu;
    }

    /** The range the queue's access pinned: {aligned base, page-rounded length} (for {@link Invariants}). */
    long[] pinnedRange()
    {
        kasan("base_addr");
        final long aligned = baseAddr & ~(Kernel.PAGE_SIZE - 1);
        final long offset = baseAddr - aligned;
        return new long[] {aligned, (offset + length + Kernel.PAGE_SIZE - 1) & ~(Kernel.PAGE_SIZE - 1)};
    }

    /** The internal (or, in baseline, ordinary) access that pins this queue's memory. */
    public Access access()
    {
        kasan("access");
        return access;
    }

    /** _iommufd_object_depend() through iommufd_hw_queue_depend(). */
    static int depend(final HwQueue dep, final HwQueue dependee)
    {
        if (dep.kernel.warnOn(dep.viommu != dependee.viommu, "iommufd_hw_queue_depend: different vIOMMUs"))
        {
            return -EINVAL;
        }
        if (dep == dependee)
        {
            return -EINVAL;
        }
        dependee.users.inc();
        return 0;
    }

    /** _iommufd_object_undepend() */
    static void undepend(final HwQueue dep, final HwQueue dependee)
    {
        if (dep.kernel.warnOn(dep == dependee, "iommufd_hw_queue_undepend: self"))
        {
            return;
        }
        dependee.users.dec();
    }
}

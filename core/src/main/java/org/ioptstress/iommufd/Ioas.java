package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;
import static org.ioptstress.kernel.Errno.EOVERFLOW;

import org.agrona.collections.MutableLong;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.UserBuffer;

/**
 * struct iommufd_ioas and ioas.c: the IOAS object, its io_pagetable, and the IOMMU_IOAS_* ioctl handlers
 * (iommufd_ioas_alloc_ioctl(), iommufd_ioas_map(), iommufd_ioas_unmap()), which {@link IommufdCtx} dispatches
 * to as main.c's iommufd_ioctl_ops does. The handlers take no lock of their own: the object reference from
 * iommufd_get_ioas() keeps the IOAS alive, io_pagetable.c takes domains_rwsem and iova_rwsem.
 */
public final class Ioas extends IommufdObject
{
    /** IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE (uapi iommufd.h) */
    public static final int IOMMU_IOAS_MAP_FIXED_IOVA = 1;
    public static final int IOMMU_IOAS_MAP_WRITEABLE = 2;
    public static final int IOMMU_IOAS_MAP_READABLE = 4;

    final IoPagetable iopt;

    Ioas(final IommufdCtx owner)
    {
        super(owner, ObjType.IOAS);
        this.iopt = new IoPagetable(this);
    }

    public IoPagetable iopt()
    {
        kasan("iopt");
        return iopt;
    }

    /** iommufd_ioas_destroy(): unmap everything left, then the table must be empty. */
    @Override
    void destroyObject()
    {
        final int rc = iopt.unmapAll(null);
        kernel.warnOn(rc != 0 && rc != -ENOENT, "iommufd_ioas_destroy: unmap_all returned " + rc);
        iopt.destroyTable();
    }

    /** iommufd_ioas_alloc_ioctl(): the new IOAS id, or -ENOMEM. */
    static int allocIoctl(final IommufdCtx ictx)
    {
        final Ioas ioas = new Ioas(ictx);
        final int rc = ictx.objectAlloc(ioas);
        if (rc != 0)
        {
            return rc;
        }
        ictx.objectFinalize(ioas);
        return ioas.id;
    }

    /** iommufd_get_ioas(): a locked reference, or null (-ENOENT). */
    static Ioas get(final IommufdCtx ictx, final int id)
    {
        return (Ioas)ictx.getObject(id, ObjType.IOAS);
    }

    /**
     * iommufd_ioas_map() with IOMMU_IOAS_MAP_FIXED_IOVA: map {@code length} bytes of {@code buffer} from byte
     * {@code uptrOffset} at {@code iova}. {@code flags} takes the READABLE / WRITEABLE bits (FIXED_IOVA is
     * implied: the port allocates no IOVA).
     */
    static int map(final IommufdCtx ictx, final int ioasId, final long iova, final UserBuffer buffer,
        final long uptrOffset, final long length, final int flags)
    {
        if ((flags & ~(IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE)) != 0)
        {
            return -EOPNOTSUPP;
        }
        if (iova == Kernel.ULONG_MAX || length == Kernel.ULONG_MAX)
        {
            return -EOVERFLOW;
        }
        if ((flags & (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE)) == 0)
        {
            return -EINVAL;
        }
        int prot = 0;
        prot |= (flags & IOMMU_IOAS_MAP_WRITEABLE) != 0 ? IoptArea.IOMMU_WRITE : 0;
        prot |= (flags & IOMMU_IOAS_MAP_READABLE) != 0 ? IoptArea.IOMMU_READ : 0;
        final Ioas ioas = get(ictx, ioasId);
        if (ioas == null)
        {
            return -ENOENT;
        }
        try
        {
            return ioas.iopt.mapUserPages(iova, buffer, uptrOffset, length, prot);
        }
        finally
        {
            ictx.putObject(ioas);
        }
    }

    /**
     * iommufd_ioas_unmap(): iova 0 with length ULONG_MAX unmaps everything (iopt_unmap_all()). On success the
     * bytes unmapped go to {@code outLength} (may be null).
     */
    static int unmap(final IommufdCtx ictx, final int ioasId, final long iova, final long length,
        final MutableLong outLength)
    {
        final Ioas ioas = get(ictx, ioasId);
        if (ioas == null)
        {
            return -ENOENT;
        }
        try
        {
            final MutableLong unmapped = new MutableLong();
            int rc;
            if (iova == 0 && length == Kernel.ULONG_MAX)
            {
                rc = ioas.iopt.unmapAll(unmapped);
            }
            else
            {
                if (iova == Kernel.ULONG_MAX || length == Kernel.ULONG_MAX)
                {
                    return -EOVERFLOW;
                }
                rc = ioas.iopt.unmapIova(iova, length, unmapped);
                if (rc == 0 && unmapped.get() == 0 && ictx.design().ioasUnmapEmptyIsEnoent())
                {
                    rc = -ENOENT;
                }
            }
            if (rc == 0 && outLength != null)
            {
                outLength.set(unmapped.get());
            }
            return rc;
        }
        finally
        {
            ictx.putObject(ioas);
        }
    }
}

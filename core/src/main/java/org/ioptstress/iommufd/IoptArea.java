package org.ioptstress.iommufd;

import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.KObject;
import org.ioptstress.kernel.Kernel;

/**
 * struct iopt_area: one mapping [iova, last] of an io_pagetable onto a span of {@link IoptPages}.
 * <ul>
 * <li>node (iova range), insert/remove: iova_rwsem write;</li>
 * <li>pages: set under iova_rwsem write; NULL while being set up or torn down;</li>
 * <li>prevent_access: written by the unmapper under iova_rwsem write, read by pin under read;</li>
 * <li>num_accesses, num_locks: written under pages->mutex by callers that also hold iova_rwsem read, so the
 * unmapper reads them under iova_rwsem write without pages->mutex.</li>
 * </ul>
 * Every field access is KASAN-checked: after {@link #kfree()} in iopt_abort_area() any touch is reported.
 */
public final class IoptArea extends KObject
{
    public static final int IOMMU_READ = 1;
    public static final int IOMMU_WRITE = 2;
    /** IOMMUFD_ACCESS_RW_WRITE, the pin flag that asks for a writable pin. */
    public static final int ACCESS_RW_WRITE = 1;

    IoPagetable iopt;
    private long iova;
    private long last;
    private IoptPages pages;
    private int pagesNodeStart;
    private int pagesNodeLast;
    private int pageOffset;
    private int iommuProt;
    private boolean preventAccess;
    private int numAccesses;
    private int numLocks;

    IoptArea(final Kernel kernel)
    {
        super(kernel);
    }

    /** iopt_area_iova() */
    public long iova()
    {
        kasan("node.start");
        return iova;
    }

    /** iopt_area_last_iova() */
    public long lastIova()
    {
        kasan("node.last");
        return last;
    }

    /** iopt_area_length() */
    public long length()
    {
        return lastIova() - iova() + 1;
    }

    public IoptPages pages()
    {
        kasan("pages");
        return pages;
    }

    void setPages(final IoptPages pages)
    {
        kasan("pages");
        this.pages = pages;
    }

    public boolean preventAccess()
    {
        kasan("prevent_access");
        return preventAccess;
    }

    public void setPreventAccess(final boolean preventAccess)
    {
        kasan("prevent_access");
        this.preventAccess = preventAccess;
    }

    public int numAccesses()
    {
        kasan("num_accesses");
        return numAccesses;
    }

    public int numLocks()
    {
        kasan("num_locks");
        return numLocks;
    }

    /** Writes num_locks: the caller holds whatever its design says protects it. */
    public void setNumLocks(final int numLocks)
    {
        kasan("num_locks");
        this.numLocks = numLocks;
    }

    public int iommuProt()
    {
        kasan("iommu_prot");
        return iommuProt;
    }

    /** iopt_area_index() */
    int index()
    {
        kasan("pages_node.start");
        return pagesNodeStart;
    }

    /** iopt_area_last_index() */
    int lastIndex()
    {
        kasan("pages_node.last");
        return pagesNodeLast;
    }

    /** iopt_area_start_byte() */
    long startByte(final long iova)
    {
        kasan("page_offset");
        return (iova - iova()) + pageOffset + (long)index() * Kernel.PAGE_SIZE;
    }

    /** iopt_area_iova_to_index() */
    int iovaToIndex(final long iova)
    {
        return (int)(startByte(iova) / Kernel.PAGE_SIZE);
    }

    /** iopt_insert_area()'s field setup, before the node goes into the tree. */
    int init(final IoPagetable iopt, final IoptPages pages, final long iova, final long startByte, final long length,
        final int iommuProt, final long iovaAlignment)
    {
        if ((iommuProt & IOMMU_WRITE) != 0 && !pages.writable())
        {
            return -Errno.EPERM;
        }
        this.iommuProt = iommuProt;
        this.pageOffset = (int)(startByte % Kernel.PAGE_SIZE);
        if ((pageOffset & (iovaAlignment - 1)) != 0)
        {
            return -Errno.EINVAL;
        }
        this.pagesNodeStart = (int)(startByte / Kernel.PAGE_SIZE);
        if (Ulong.addOverflows(startByte, length - 1))
        {
            return -Errno.EOVERFLOW;
        }
        this.pagesNodeLast = (int)((startByte + length - 1) / Kernel.PAGE_SIZE);
        if (kernel.warnOn(pagesNodeLast >= pages.npages(), "iopt_insert_area: pages_node.last past npages"))
        {
            return -Errno.EOVERFLOW;
        }
        this.iova = iova;
        this.last = iova + length - 1;
        this.iopt = iopt;
        return 0;
    }

    /**
     * iopt_area_add_access() (pages.c). Callers hold ioas_lock and iova_rwsem read. {@code lockArea} is v8's
     * parameter: the pin is an internal access's, so the area is locked against unmap.
     */
    int addAccess(final int startIndex, final int lastIndex, final long[] outPfns, final int outOffset,
        final int flags, final boolean lockArea, final Access access)
    {
        final IoptPages pages = pages();
        if ((flags & ACCESS_RW_WRITE) != 0 && !pages.writable())
        {
            return -Errno.EPERM;
        }
        final int rc;
        pages.mutex.lock();
        try
        {
            rc = addAccessLocked(pages, startIndex, lastIndex, outPfns, outOffset, lockArea);
        }
        finally
        {
            pages.mutex.unlock();
        }
        if (rc == 0)
        {
            iopt.design().areaAddAccessUnlocked(this, access);
        }
        return rc;
    }

    private int addAccessLocked(final IoptPages pages, final int startIndex, final int lastIndex,
        final long[] outPfns, final int outOffset, final boolean lockArea)
    {
        IoptPagesAccess record = pages.getExactAccess(startIndex, lastIndex);
        if (record != null)
        {
            incNumAccesses(lockArea);
            record.setUsers(record.users() + 1);
            pages.fillFromXarray(startIndex, lastIndex, outPfns, outOffset);
            return 0;
        }
        if (kernel.shouldFail("kzalloc(iopt_pages_access)"))
        {
            return -Errno.ENOMEM;
        }
        record = new IoptPagesAccess(pages, startIndex, lastIndex);
        final int rc = pages.fillXarray(startIndex, lastIndex, outPfns, outOffset);
        if (rc != 0)
        {
            record.kfree();
            return rc;
        }
        record.setUsers(1);
        incNumAccesses(lockArea);
        pages.insertAccess(record);
        return 0;
    }

    private void incNumAccesses(final boolean lockArea)
    {
        kasan("num_accesses");
        numAccesses++;
        if (lockArea)
        {
            numLocks++;
        }
    }

    /** iopt_area_remove_access() (pages.c); {@code unlockArea} is v8's parameter. */
    void removeAccess(final int startIndex, final int lastIndex, final boolean unlockArea)
    {
        final IoptPages pages = pages();
        pages.mutex.lock();
        try
        {
            final IoptPagesAccess record = pages.getExactAccess(startIndex, lastIndex);
            /* the message is built only when the WARN fires, as the kernel formats only then */
            if (record == null)
            {
                kernel.warnOn(true, "iopt_area_remove_access: no access record [" + startIndex + ".." + lastIndex
                    + "] on " + describe());
                return;
            }
            kasan("num_accesses");
            kernel.warnOn(numAccesses == 0 || record.users() == 0, "iopt_area_remove_access: count already 0");
            if (unlockArea)
            {
                kernel.warnOn(numLocks == 0, "iopt_area_remove_access: num_locks already 0");
                numLocks--;
            }
            numAccesses--;
            record.setUsers(record.users() - 1);
            if (record.users() != 0)
            {
                return;
            }
            pages.removeAccess(record);
            pages.unfillXarray(startIndex, lastIndex);
            record.kfree();
        }
        finally
        {
            pages.mutex.unlock();
        }
    }

    @Override
    public String describe()
    {
        return "iopt_area[0x" + Long.toHexString(iova) + "..0x" + Long.toHexString(last) + "]";
    }
}

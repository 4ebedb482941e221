package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.ENOENT;

/** struct iommufd_ioas: an IOAS object and its io_pagetable. */
public final class Ioas extends IommufdObject
{
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
}

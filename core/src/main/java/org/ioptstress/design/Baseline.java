package org.ioptstress.design;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.AccessOps;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.Ioas;
import org.ioptstress.iommufd.IommufdCtx;

/**
 * Upstream before the series (v6.15/v6.16): no internal access. A HW queue can only pin its memory through
 * an ordinary access, and its unmap callback cannot give pinned queue memory back, so an unmap of queue memory
 * is notified 100 times and ends in WARN and -EDEADLOCK (iopt_unmap_iova_range()).
 */
public class Baseline extends Design
{
    /** The HW queue's access ops: pins pages, and its unmap callback can do nothing. */
    private static final AccessOps HW_QUEUE_OPS = new AccessOps(true, (data, iova, length) ->
    {
    });

    @Override
    public String name()
    {
        return "baseline";
    }

    @Override
    public String summary()
    {
        return "before the series: HW queue pins through an ordinary access whose unmap callback cannot unpin";
    }

    @Override
    protected Access hwQueueAccessCreate(final IommufdCtx ictx)
    {
        return Access.createWithoutCtxRef(ictx, HW_QUEUE_OPS, null);
    }

    @Override
    protected int hwQueueAccessAttach(final Access access, final Ioas ioas)
    {
        return access.attach(ioas.id());
    }

    @Override
    protected void hwQueueAccessDestroy(final IommufdCtx ictx, final Access access)
    {
        access.destroy();
    }
}

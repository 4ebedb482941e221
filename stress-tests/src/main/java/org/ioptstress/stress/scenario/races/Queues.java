package org.ioptstress.stress.scenario.races;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.HwQueue;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.IommufdObject;
import org.ioptstress.stress.scenario.Details;

/** HW queue inspection shared by the scenarios. */
final class Queues
{
    /** What an idle queue access holds: the xarray's and the driver's users, the xarray's wait_cnt. */
    static final String IDLE = "users=2 wait=1";

    private Queues()
    {
    }

    /** Records the refcounts of queue {@code id}'s access in {@code d}; returns them, or null without a queue. */
    static String accessRefs(final IommufdCtx ctx, final int id, final Details d)
    {
        if (id <= 0)
        {
            return null;
        }
        final IommufdObject obj = ctx.peekObject(id);
        if (!(obj instanceof HwQueue))
        {
            return null;
        }
        final Access access = ((HwQueue)obj).access();
        final String refs = "users=" + access.users() + " wait=" + access.waitCnt();
        d.add("queue-access", "[" + refs + "]");
        return refs;
    }

    /** A reference nobody will put: iommufd_access_notify_unmap() skipped the access after iommufd_lock_obj(). */
    static boolean leaked(final String refs)
    {
        return refs != null && !IDLE.equals(refs);
    }
}

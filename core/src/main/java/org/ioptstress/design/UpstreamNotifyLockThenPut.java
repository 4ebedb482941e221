package org.ioptstress.design;

import org.ioptstress.iommufd.Access;

/**
 * A candidate fix of v8's reference leak that is wrong in the kernel: iommufd_access_notify_unmap() keeps
 * upstream's {@code iommufd_lock_obj()} on every access, and skips only the callback of an internal one, so the
 * reference is always put:
 *
 * <pre>
 * if (!iommufd_lock_obj(&amp;access->obj))
 *         continue;
 * xa_unlock(&amp;ioas->iopt.access_list);
 * if (!iommufd_access_is_internal(access))
 *         access->ops->unmap(access->data, iova, length);
 * iommufd_put_object(access->ictx, &amp;access->obj);
 * xa_lock(&amp;ioas->iopt.access_list);
 * </pre>
 *
 * An internal access has {@code access->ictx == NULL} (iommufd_access_create_internal(), 1c26c3bb). The put is
 * harmless while wait_cnt stays above zero, but when the HW queue's destroy already sleeps in
 * iommufd_object_dec_wait() for this very reference, the put drops wait_cnt to zero and wakes
 * {@code &ictx->destroy_wait} through NULL: an oops in iommufd_put_object(). Hence upstream-notify-fix tests
 * {@code is_internal} first. (Putting under xa_lock instead, before dropping it, could not oops: the queue's
 * destroy comes after its detach, whose xa_erase() needs that xa_lock.)
 */
public class UpstreamNotifyLockThenPut extends Upstream
{
    @Override
    public Role role()
    {
        return Role.CANDIDATE_FIX;
    }

    @Override
    public String name()
    {
        return "upstream-notify-lock-then-put";
    }

    @Override
    public String summary()
    {
        return "upstream + notify_unmap locks every access, skips only ops->unmap of an internal one, then puts"
            + " through access->ictx (NULL: oops when the put wakes the queue's destroy)";
    }

    /* if (!iommufd_lock_obj(&access->obj)) continue; : no is_internal operand */
    @Override
    protected boolean notifyUnmapSkips(final Access access)
    {
        return false;
    }

    /* if (!iommufd_access_is_internal(access)) access->ops->unmap(access->data, iova, length); */
    @Override
    protected boolean notifyUnmapCallsUnmap(final Access access)
    {
        return !access.isInternal();
    }
}

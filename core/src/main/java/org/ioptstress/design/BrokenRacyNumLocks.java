package org.ioptstress.design;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.DelayPoint;

/**
 * NEGATIVE CONTROL: upstream-notify-fix (v8 without its notify reference leak) that raises num_locks after pages->mutex is released, where only iova_rwsem read
 * (shared by every pinner) is held: {@code mutex_unlock(&pages->mutex); if (lock_area) area->num_locks++;}.
 * Run alone it behaves as v8; two internal pins of one area racing can lose an increment, so the area looks
 * unlocked while still pinned and the last unpin WARNs on a num_locks underflow. Only a race shows it.
 */
public class BrokenRacyNumLocks extends UpstreamNotifyFix
{
    @Override
    public String name()
    {
        return "broken-racy-num-locks";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL: raising num_locks outside pages->mutex (lost update between pinners)";
    }

    @Override
    public Role role()
    {
        return Role.NEGATIVE_CONTROL;
    }

    /* not under pages->mutex any more ... */
    @Override
    protected boolean pinLocksArea(final Access access)
    {
        return false;
    }

    /* ... but unpin still decrements under it */
    @Override
    protected boolean unpinUnlocksArea(final Access access)
    {
        return access.isInternal();
    }

    /* ... raised here instead, as a plain read-modify-write */
    @Override
    protected void areaAddAccessUnlocked(final IoptArea area, final Access access)
    {
        if (access.isInternal())
        {
            final int numLocks = area.numLocks();
            area.kernel().delay(DelayPoint.RACY_UPDATE_WINDOW);
            area.setNumLocks(numLocks + 1);
        }
    }
}

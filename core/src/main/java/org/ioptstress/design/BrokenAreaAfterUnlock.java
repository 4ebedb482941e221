package org.ioptstress.design;

import static org.ioptstress.kernel.Errno.EDEADLOCK;

import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;

/**
 * NEGATIVE CONTROL: upstream-notify-fix (v8 without its notify reference leak) with the bug 804ca14d04df fixed in 2023 (syzbot, KASAN slab-use-after-free in
 * iopt_unmap_iova_range): after dropping the locks it still reads the area, for the notify length and for
 * {@code WARN_ON(READ_ONCE(area->num_accesses))}. A concurrent unmapper may have freed it by then.
 */
public class BrokenAreaAfterUnlock extends UpstreamNotifyFix
{
    @Override
    public String name()
    {
        return "broken-area-after-unlock";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL: reading the area after dropping the locks (the pre-804ca14d UAF)";
    }

    @Override
    public Role role()
    {
        return Role.NEGATIVE_CONTROL;
    }

    @Override
    protected int unmapRangeNotify(final IoPagetable iopt, final IoptArea area, final long areaFirst, final long length)
    {
        Access.notifyUnmap(iopt, areaFirst, area.length());
        if (area.kernel().warnOn(area.numAccesses() != 0, "iopt_unmap_iova_range: accesses left after notify"))
        {
            iopt.domainsRwsem().downRead();
            iopt.iovaRwsem().downWrite();
            return -EDEADLOCK;
        }
        return NOTIFY_VOID;
    }
}

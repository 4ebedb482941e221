package org.ioptstress.iommufd;

import org.ioptstress.kernel.Kernel;

/**
 * struct iopt_area_contig_iter: walks the areas that cover [iova, last] without a hole, stopping at a gap or
 * at an area whose pages are NULL (being mapped or unmapped). Requires iova_rwsem.
 */
final class AreaContigIter
{
    private final IoPagetable iopt;
    IoptArea area;
    long curIova;
    long lastIova;

    AreaContigIter(final IoPagetable iopt)
    {
        this.iopt = iopt;
    }

    /** iopt_area_contig_init() */
    IoptArea init(final long iova, final long lastIova)
    {
        iopt.iovaRwsem.assertHeld();
        this.curIova = iova;
        this.lastIova = lastIova;
        area = iopt.areaIterFirst(iova, iova);
        if (area == null)
        {
            return null;
        }
        if (area.pages() == null)
        {
            area = null;
            return null;
        }
        return area;
    }

    /** iopt_area_contig_next() */
    IoptArea next()
    {
        if (area == null)
        {
            return null;
        }
        final long areaLast = area.lastIova();
        if (Ulong.le(lastIova, areaLast))
        {
            return null;
        }
        curIova = areaLast + 1;
        area = iopt.areaIterNext(area, curIova, lastIova);
        if (area == null)
        {
            return null;
        }
        if (curIova != area.iova() || area.pages() == null)
        {
            area = null;
            return null;
        }
        return area;
    }

    /** iopt_area_contig_done() */
    boolean done()
    {
        if (area == null)
        {
            return false;
        }
        return Ulong.le(lastIova, area.lastIova());
    }

    /** iopt_area_contig_is_aligned() */
    boolean isAligned()
    {
        if ((area.startByte(curIova) % Kernel.PAGE_SIZE) != 0)
        {
            return false;
        }
        return done() || (area.startByte(area.lastIova()) % Kernel.PAGE_SIZE) == Kernel.PAGE_SIZE - 1;
    }
}

package org.ioptstress.iommufd;

import java.util.Arrays;

/**
 * io_pagetable's area_itree. Areas never overlap, so a sorted array with binary search gives the interval
 * tree's answers (first area overlapping [start, last], the next one after an area) without allocating.
 * Protected by iova_rwsem: write to modify, read or write to search.
 */
final class AreaTree
{
    private IoptArea[] byStart = new IoptArea[16];
    private int size;

    int size()
    {
        return size;
    }

    IoptArea get(final int i)
    {
        return byStart[i];
    }

    /** Index of the last area whose start is <= iova, or -1. */
    private int floorIndex(final long iova)
    {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (Ulong.le(byStart[mid].iova(), iova))
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** interval_tree_iter_first() */
    IoptArea iterFirst(final long start, final long last)
    {
        final int floor = floorIndex(start);
        if (floor >= 0 && Ulong.ge(byStart[floor].lastIova(), start))
        {
            return byStart[floor];
        }
        final int next = floor + 1;
        if (next < size && Ulong.le(byStart[next].iova(), last))
        {
            return byStart[next];
        }
        return null;
    }

    /** interval_tree_iter_next(): the next area after {@code area} that starts at or before last. */
    IoptArea iterNext(final IoptArea area, final long last)
    {
        final int next = indexOf(area) + 1;
        if (next > 0 && next < size && Ulong.le(byStart[next].iova(), last))
        {
            return byStart[next];
        }
        return null;
    }

    private int indexOf(final IoptArea area)
    {
        final int i = floorIndex(area.iova());
        return i >= 0 && byStart[i] == area ? i : -1;
    }

    void insert(final IoptArea area)
    {
        if (size == byStart.length)
        {
            byStart = Arrays.copyOf(byStart, size * 2);
        }
        final int at = floorIndex(area.iova()) + 1;
        System.arraycopy(byStart, at, byStart, at + 1, size - at);
        byStart[at] = area;
        size++;
    }

    /** interval_tree_remove() */
    boolean remove(final IoptArea area)
    {
        final int at = indexOf(area);
        if (at < 0)
        {
            return false;
        }
        System.arraycopy(byStart, at + 1, byStart, at, size - at - 1);
        byStart[--size] = null;
        return true;
    }
}

package org.ioptstress.design;

/**
 * CANDIDATE FIX (its role inherited from upstream-notify-fix), and the explorer's reference (the correct semantics
 * every design is compared with, stress-tests EXPLORE.md): upstream-notify-fix plus a
 * reset of {@code tries} after every freed area. Upstream since 8602018b advances {@code start} past each freed
 * area, so the next adjacent area satisfies {@code area_first == start} and {@code tries} is never reset: an
 * unmap of 101 or more adjacent areas, each pinned by an access that does unpin when notified, counts one try per
 * area, WARNs and returns -EDEADLOCK halfway (found by this explorer; see README "Findings").
 */
public class UpstreamTriesFix extends UpstreamNotifyFix
{
    @Override
    public String name()
    {
        return "upstream-tries-fix";
    }

    @Override
    public String summary()
    {
        return "upstream-notify-fix + tries = 0 after each freed area (8602018b stopped the reset between adjacent areas)";
    }

    /* io_pagetable.c, after "start = area_last + 1;": tries = 0; (progress was made) */
    @Override
    protected boolean unmapRangeResetsTriesAfterFree()
    {
        return true;
    }
}

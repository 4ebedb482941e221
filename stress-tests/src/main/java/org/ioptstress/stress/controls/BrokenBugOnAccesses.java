package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.Report;

/**
 * NEGATIVE CONTROL (an oops holding locks): iopt_unmap_iova_range() asserts that no access pins the area,
 * {@code BUG_ON(area->num_accesses)}, where it should notify them. An unmap of a device-pinned area oopses holding
 * {@code domains_rwsem} and {@code iova_rwsem}; the task dies with them held, so the next unmap of the IOAS blocks
 * for good (the hung-task detector names the dead holder).
 */
public class BrokenBugOnAccesses extends SuiteControl
{
    @Override
    public String name()
    {
        return "broken-bug-on-accesses";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): unmap BUG()s on a pinned area while holding iova_rwsem (an oops holding locks)";
    }

    /* in the num_accesses branch, under domains_rwsem + iova_rwsem: BUG_ON(area->num_accesses) */
    @Override
    protected boolean unmapRangeRefusesAccesses(final IoptArea area, final boolean internalPresent)
    {
        throw area.kernel().oops(Report.Kind.OOPS, "kernel BUG at io_pagetable.c: BUG_ON(area->num_accesses) in iopt_unmap_iova_range()");
    }
}

package org.ioptstress.kernel;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A range of a process's memory (the selftest's {@code buffer}): page-sized frames with page-frame numbers
 * and a pin count per frame, so a pin that is never released, or memory unmapped while pinned, is visible.
 * Frames are physically contiguous unless the buffer is made fragmented (every other PFN), which is what
 * the HW queue's contiguity check (-EFAULT) needs.
 */
public final class UserBuffer
{
    private final long basePfn;
    private final int npages;
    private final int pfnStride;
    private final AtomicIntegerArray pins;

    UserBuffer(final long basePfn, final int npages, final boolean fragmented)
    {
        this.basePfn = basePfn;
        this.npages = npages;
        this.pfnStride = fragmented ? 2 : 1;
        this.pins = new AtomicIntegerArray(npages);
    }

    public int npages()
    {
        return npages;
    }

    public long length()
    {
        return (long)npages * Kernel.PAGE_SIZE;
    }

    public long pfn(final int pageIndex)
    {
        return basePfn + (long)pageIndex * pfnStride;
    }

    /** pin_user_pages() of one page. */
    public void pin(final int pageIndex)
    {
        pins.incrementAndGet(pageIndex);
    }

    /** unpin_user_page() */
    public int unpin(final int pageIndex)
    {
        return pins.decrementAndGet(pageIndex);
    }

    public int pinCount(final int pageIndex)
    {
        return pins.get(pageIndex);
    }

    /** Sum of all pin counts: 0 after every context is closed, or memory leaked. */
    public long pinnedPages()
    {
        long total = 0;
        for (int i = 0; i < npages; i++)
        {
            total += pins.get(i);
        }
        return total;
    }
}

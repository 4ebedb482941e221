package org.ioptstress.iommufd;

import org.agrona.collections.Long2ObjectHashMap;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.KObject;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Mutex;
import org.ioptstress.kernel.Refcount;
import org.ioptstress.kernel.UserBuffer;

/**
 * struct iopt_pages: the user memory behind one or more areas. Its mutex protects the access records and
 * the pinned-pfn bookkeeping; a page is pinned in the user buffer while at least one access record covers it
 * ({@code pinned_pfns} as a per-index count), and unpinned when the last one goes.
 */
public final class IoptPages extends KObject
{
    final Refcount kref;
    final Mutex mutex;
    private final UserBuffer buffer;
    private final int firstPage;
    private final int npages;
    private final boolean writable;
    /** access_itree, keyed by the exact (start_index, last_index) pair the lookups ask for. */
    private final Long2ObjectHashMap<IoptPagesAccess> accessItree = new Long2ObjectHashMap<>();
    /** pinned_pfns: how many access records cover each page index. */
    private final int[] pinUsers;
    private long npinned;

    IoptPages(final Kernel kernel, final UserBuffer buffer, final int firstPage, final int npages, final boolean writable)
    {
        super(kernel);
        this.kref = new Refcount(kernel, "iopt_pages.kref", 1);
        this.mutex = new Mutex(kernel, "iopt_pages->mutex");
        this.buffer = buffer;
        this.firstPage = firstPage;
        this.npages = npages;
        this.writable = writable;
        this.pinUsers = new int[npages];
    }

    public int npages()
    {
        kasan("npages");
        return npages;
    }

    public boolean writable()
    {
        kasan("writable");
        return writable;
    }

    public long npinned()
    {
        kasan("npinned");
        return npinned;
    }

    /** Number of access records (iopt_pages_access nodes) on these pages. */
    public int accessRecords()
    {
        kasan("access_itree");
        return accessItree.size();
    }

    /** The access records, for {@link Invariants} (no operation in flight). */
    java.util.Collection<IoptPagesAccess> accessRecordsView()
    {
        return accessItree.values();
    }

    /** pinned_pfns of one index: how many access records cover it. */
    int pinUsers(final int index)
    {
        return pinUsers[index];
    }

    UserBuffer buffer()
    {
        return buffer;
    }

    int firstPage()
    {
        return firstPage;
    }

    /** iopt_pages_get_exact_access(): caller holds pages->mutex. */
    IoptPagesAccess getExactAccess(final int startIndex, final int lastIndex)
    {
        mutex.assertHeld();
        kasan("access_itree");
        return accessItree.get(IoptPagesAccess.key(startIndex, lastIndex));
    }

    void insertAccess(final IoptPagesAccess access)
    {
        kasan("access_itree");
        accessItree.put(IoptPagesAccess.key(access.startIndex(), access.lastIndex()), access);
    }

    void removeAccess(final IoptPagesAccess access)
    {
        kasan("access_itree");
        accessItree.remove(IoptPagesAccess.key(access.startIndex(), access.lastIndex()));
    }

    /**
     * iopt_pages_fill_xarray(): pin [startIndex, lastIndex] (pages already pinned for another record are
     * shared) and report their pfns. Fails atomically: -EINVAL from the fault point halfway through, as
     * {@code iommufd_should_fail()} in pfn_reader_user_pin() does.
     */
    int fillXarray(final int startIndex, final int lastIndex, final long[] outPfns, final int outOffset)
    {
        mutex.assertHeld();
        kasan("pinned_pfns");
        final int mid = startIndex + (lastIndex - startIndex) / 2;
        for (int index = startIndex; index <= lastIndex; index++)
        {
            if (index == mid && kernel.shouldFail("pfn_reader_user_pin"))
            {
                unfillXarray(startIndex, index - 1);
                return -Errno.EINVAL;
            }
            if (pinUsers[index]++ == 0)
            {
                buffer.pin(firstPage + index);
                npinned++;
            }
        }
        fillFromXarray(startIndex, lastIndex, outPfns, outOffset);
        return 0;
    }

    /** iopt_pages_fill_from_xarray(): the pfns of pages some record already pinned. */
    void fillFromXarray(final int startIndex, final int lastIndex, final long[] outPfns, final int outOffset)
    {
        if (outPfns == null)
        {
            return;
        }
        for (int index = startIndex; index <= lastIndex; index++)
        {
            outPfns[outOffset + index - startIndex] = buffer.pfn(firstPage + index);
        }
    }

    /** iopt_pages_unfill_xarray(): unpin what no other record covers. */
    void unfillXarray(final int startIndex, final int lastIndex)
    {
        mutex.assertHeld();
        kasan("pinned_pfns");
        for (int index = startIndex; index <= lastIndex; index++)
        {
            if (--pinUsers[index] == 0)
            {
                buffer.unpin(firstPage + index);
                npinned--;
            }
        }
    }

    /** iopt_put_pages(): the last reference releases the pages (iopt_release_pages()). */
    void put()
    {
        kasan("kref");
        if (kref.decAndTest())
        {
            kernel.warnOn(!accessItree.isEmpty(), "iopt_release_pages: access_itree not empty");
            if (npinned != 0)
            {
                kernel.warnOn(true, "iopt_release_pages: " + npinned + " pages still pinned");
            }
            kfree();
        }
    }

    @Override
    public String describe()
    {
        return "iopt_pages[" + npages + " pages]";
    }
}

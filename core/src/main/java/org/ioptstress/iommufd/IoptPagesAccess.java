package org.ioptstress.iommufd;

import org.ioptstress.kernel.KObject;

/**
 * struct iopt_pages_access: one record per exact [start_index, last_index] range pinned through accesses,
 * shared by every pin of exactly that range ({@code users}). Protected by pages->mutex.
 */
public final class IoptPagesAccess extends KObject
{
    private final int startIndex;
    private final int lastIndex;
    private int users;

    IoptPagesAccess(final IoptPages pages, final int startIndex, final int lastIndex)
    {
        super(pages.kernel());
        this.startIndex = startIndex;
        this.lastIndex = lastIndex;
    }

    static long key(final int startIndex, final int lastIndex)
    {
        return ((long)startIndex << 32) | (lastIndex & 0xffff_ffffL);
    }

    int startIndex()
    {
        kasan("node.start");
        return startIndex;
    }

    int lastIndex()
    {
        kasan("node.last");
        return lastIndex;
    }

    public int users()
    {
        kasan("users");
        return users;
    }

    void setUsers(final int users)
    {
        kasan("users");
        this.users = users;
    }

    @Override
    public String describe()
    {
        return "iopt_pages_access[" + startIndex + ".." + lastIndex + "]";
    }
}

package org.ioptstress.stress.scenario;

import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.kernel.Errno;

/** The details of an outcome: {@code key=value} tokens, groups separated by {@code ;}. */
public final class Details
{
    private final StringBuilder sb = new StringBuilder();

    public Details add(final String key, final Object value)
    {
        if (sb.length() != 0 && sb.charAt(sb.length() - 1) != ' ')
        {
            sb.append(' ');
        }
        sb.append(key).append('=').append(value);
        return this;
    }

    /** Free text (a hung-task report's lock cycle), as its own group. */
    public Details text(final String text)
    {
        if (sb.length() != 0 && sb.charAt(sb.length() - 1) != ' ')
        {
            sb.append(' ');
        }
        sb.append(text.replace(" | ", " / "));
        return this;
    }

    /** An actor's result: errno name, {@code id} for a positive id, {@code threw}. */
    public Details rc(final String actor, final int rc)
    {
        return add(actor, rc == Trial.THREW ? "threw" : rc > 0 ? "id" : Errno.name(rc));
    }

    /** The io_pagetable's counters: areas, num_accesses, num_locks, prevent_access, access_list. */
    public Details iopt(final IoPagetable iopt)
    {
        if (sb.length() != 0 && sb.charAt(sb.length() - 1) != ' ')
        {
            sb.append(' ');
        }
        sb.append(iopt.countersToken());
        return this;
    }

    void separator()
    {
        if (sb.length() != 0)
        {
            sb.append("; ");
        }
    }

    @Override
    public String toString()
    {
        return sb.toString().trim();
    }
}

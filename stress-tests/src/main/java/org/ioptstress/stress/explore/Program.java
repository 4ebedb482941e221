package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated uAPI program: calls run in order on one fresh /dev/iommu (own kernel) that has mmap()ed two
 * buffers, {@link #BUF0_PAGES} contiguous pages and {@link #BUF1_PAGES} physically fragmented ones; the
 * process exits (context release) after the last call.
 */
public record Program(List<Call> calls)
{
    public static final int BUF0_PAGES = 64;
    public static final int BUF1_PAGES = 8;

    public Program
    {
        calls = List.copyOf(calls);
    }

    public int size()
    {
        return calls.size();
    }

    public Call call(final int i)
    {
        return calls.get(i);
    }

    /**
     * Without the calls at the given indexes: references to a removed call become the literal 0 (an id that
     * never exists), later references are renumbered.
     */
    public Program without(final boolean[] removed)
    {
        final int[] newIndex = new int[calls.size()];
        int n = 0;
        for (int i = 0; i < calls.size(); i++)
        {
            newIndex[i] = removed[i] ? -1 : n++;
        }
        final List<Call> out = new ArrayList<>(n);
        for (int i = 0; i < calls.size(); i++)
        {
            if (removed[i])
            {
                continue;
            }
            Call c = calls.get(i);
            for (int a = 0; a < c.args().length; a++)
            {
                if (c.isRef(a))
                {
                    final int target = newIndex[(int)c.args()[a]];
                    c = target < 0 ? c.withArg(a, 0, false) : c.withArg(a, target, true);
                }
            }
            out.add(c);
        }
        return new Program(out);
    }

    public Program with(final int index, final Call call)
    {
        final List<Call> copy = new ArrayList<>(calls);
        copy.set(index, call);
        return new Program(copy);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < calls.size(); i++)
        {
            sb.append('r').append(i).append(" = ").append(calls.get(i)).append('\n');
        }
        return sb.toString();
    }
}

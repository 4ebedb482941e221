package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Minimizes a failing program while it still fails the same way (the predicate: same design, oracle and key):
 * delta debugging over the calls (ddmin, then single removals to a fixpoint), then argument simplification
 * (each literal towards 0, 1, one page, MOCK_APERTURE_START, smaller counts; references towards the earliest
 * object of the same kind). Stops at the deadline with the smallest program found so far.
 */
public final class Shrinker
{
    private final Predicate<Program> fails;
    private final long deadline;
    private int tests;

    public Shrinker(final Predicate<Program> fails, final long budgetNanos)
    {
        this.fails = fails;
        this.deadline = System.nanoTime() + budgetNanos;
    }

    public int tests()
    {
        return tests;
    }

    private boolean test(final Program p)
    {
        tests++;
        return fails.test(p);
    }

    private boolean timeUp()
    {
        return System.nanoTime() > deadline;
    }

    public Program shrink(final Program failing)
    {
        Program p = ddmin(failing);
        for (boolean changed = true; changed && !timeUp();)
        {
            changed = false;
            final Program q = removeSingles(p);
            if (q.size() < p.size())
            {
                p = q;
                changed = true;
            }
            final Program r = simplifyArgs(p);
            if (!r.equals(p))
            {
                p = r;
                changed = true;
            }
        }
        return p;
    }

    private Program ddmin(final Program start)
    {
        Program p = start;
        int n = 2;
        while (p.size() >= 2 && !timeUp())
        {
            final int size = p.size();
            final int chunk = (size + n - 1) / n;
            boolean reduced = false;
            for (int from = 0; from < size && !timeUp(); from += chunk)
            {
                final boolean[] removed = new boolean[size];
                for (int i = from; i < Math.min(size, from + chunk); i++)
                {
                    removed[i] = true;
                }
                final Program q = p.without(removed);
                if (test(q))
                {
                    p = q;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced)
            {
                if (n >= size)
                {
                    break;
                }
                n = Math.min(2 * n, size);
            }
        }
        return p;
    }

    private Program removeSingles(final Program start)
    {
        Program p = start;
        for (int i = p.size() - 1; i >= 0 && !timeUp(); i--)
        {
            final boolean[] removed = new boolean[p.size()];
            removed[i] = true;
            final Program q = p.without(removed);
            if (test(q))
            {
                p = q;
            }
        }
        return p;
    }

    private Program simplifyArgs(final Program start)
    {
        Program p = start;
        for (int i = 0; i < p.size() && !timeUp(); i++)
        {
            for (int a = 0; a < p.call(i).args().length && !timeUp(); a++)
            {
                final Call c = p.call(i);
                if (c.isRef(a))
                {
                    /* the earliest call of the same op that an argument of this kind refers to */
                    for (int j = 0; j < c.args()[a]; j++)
                    {
                        final Program q = p.with(i, c.withArg(a, j, true));
                        if (p.call(j).op() == p.call((int)c.args()[a]).op() && test(q))
                        {
                            p = q;
                            break;
                        }
                    }
                    continue;
                }
                for (final long v : candidates(c.op().args.get(a), c.args()[a]))
                {
                    final Program q = p.with(i, c.withArg(a, v, false));
                    if (test(q))
                    {
                        p = q;
                        break;
                    }
                }
            }
        }
        return p;
    }

    /** Simpler values than {@code cur} for an argument of this kind, simplest first. */
    static List<Long> candidates(final Op.Arg kind, final long cur)
    {
        final List<Long> out = new ArrayList<>();
        final long p = Programs.P;
        final long[] base;
        switch (kind)
        {
            case IOVA:
                base = new long[] {0, Programs.BASE, Programs.BASE + p, Programs.BASE + 2 * p, Programs.BASE + 3 * p};
                break;
            case LEN:
                base = new long[] {p, 2 * p, 3 * p, 4 * p};
                break;
            case OFFSET:
                base = new long[] {0, p, 2 * p, 3 * p};
                break;
            case COUNT:
                base = new long[] {0, 1, 2, 3, 4, cur / 2};
                break;
            case STRIDE:
                base = new long[] {p, 2 * p};
                break;
            case BUF: case INDEX: case PAGES:
                base = new long[] {0, 1};
                break;
            default:
                base = new long[] {0};
                break;
        }
        for (final long v : base)
        {
            if (v != cur && simpler(v, cur) && !out.contains(v))
            {
                out.add(v);
            }
        }
        return out;
    }

    /** Smaller as an unsigned value, except that MOCK_APERTURE_START-based IOVAs count as simple. */
    private static boolean simpler(final long v, final long cur)
    {
        return Long.compareUnsigned(v, cur) < 0;
    }
}

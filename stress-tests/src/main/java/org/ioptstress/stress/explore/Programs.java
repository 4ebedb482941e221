package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.ioptstress.iommufd.HwQueue;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.Viommu;
import org.ioptstress.kernel.Kernel;

/**
 * The program generator: deterministic from a seed (program {@code n} of seed {@code s} is the same on every
 * machine), arguments drawn from the objects the program created so far and from edge values: 0, 1, unaligned,
 * ULONG_MAX, sums that overflow, ids never allocated, and values just below, at and above the limits the ported
 * code compares against (PAGE_SIZE, the selftest's 16 MiB access length, the HW queue's 2^16 pages and 2 slots,
 * the 100 unmap tries through a HW queue access that cannot unpin).
 */
public final class Programs
{
    public static final long P = Kernel.PAGE_SIZE;
    /** MOCK_APERTURE_START: where the selftests map. */
    public static final long BASE = 1L << 24;
    /** The selftest's MAX access length (iommufd_test_access_pages()). */
    static final long MAX_ACCESS_LENGTH = 16L * 1024 * 1024;
    /** HwQueue.MAX_NPAGES: the kvcalloc guard of iommufd_hw_queue_alloc_phys(). */
    static final long MAX_QUEUE_PAGES = 1L << 16;
    static final int RW = IommufdCtx.IOAS_MAP_READABLE | IommufdCtx.IOAS_MAP_WRITEABLE;

    private static final long[] IOVA_EDGES = {0, 1, BASE + 1, BASE - P, BASE + P - 1, Kernel.ULONG_MAX,
        Kernel.ULONG_MAX - P + 1, 1L << 63, (1L << 63) - P};
    private static final long[] LEN_EDGES = {0, 1, P - 1, P + 1, Kernel.ULONG_MAX, Kernel.ULONG_MAX - P + 1,
        MAX_ACCESS_LENGTH, MAX_ACCESS_LENGTH + P, MAX_ACCESS_LENGTH - P, MAX_QUEUE_PAGES * P, (MAX_QUEUE_PAGES + 1) * P,
        1L << 63};

    private Programs()
    {
    }

    /** Program {@code n} of {@code seed}. */
    public static Program generate(final long seed, final long n)
    {
        return new Gen(new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + n))).program();
    }

    private static long mix(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Concurrent program {@code n} of {@code seed}: a shared prefix of 2 to 8 calls, then {@code threads} actors
     * (one call each, never a bulk step) that contend for what the prefix made: a map of an IOVA range the prefix
     * mapped, an unmap of a range around one or more of them, a pin inside one, a destroy or close of one of its
     * objects. No race is named: the actors' ops and ranges are drawn like any other arguments, only aimed at the
     * prefix's objects, since two calls on unrelated objects cannot race.
     */
    public static Program generateConcurrent(final long seed, final long n, final int threads)
    {
        return new Gen(new SplittableRandom(mix(seed * 0xC2B2AE3D27D4EB4FL + n) ^ 0x632BE59BD9B4E019L)).concurrent(threads);
    }

    /** How a literal of this kind prints: hex for addresses and lengths, names for flags. */
    static String literal(final Op.Arg kind, final long v)
    {
        switch (kind)
        {
            case IOVA: case LEN: case OFFSET: case STRIDE:
                return v == Kernel.ULONG_MAX ? "ULONG_MAX" : "0x" + Long.toHexString(v);
            case MAP_FLAGS:
                return v == RW ? "READABLE|WRITEABLE" : v == IommufdCtx.IOAS_MAP_READABLE ? "READABLE"
                    : v == IommufdCtx.IOAS_MAP_WRITEABLE ? "WRITEABLE" : "0x" + Long.toHexString(v);
            case ACCESS_FLAGS:
                return v == 0 ? "0" : v == IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES
                    ? "MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES" : "0x" + Long.toHexString(v);
            case PIN_FLAGS:
                return v == 0 ? "0" : v == IommufdCtx.MOCK_FLAGS_ACCESS_WRITE ? "MOCK_FLAGS_ACCESS_WRITE"
                    : v == 1 << 16 ? "MOCK_FLAGS_ACCESS_SYZ" : "0x" + Long.toHexString(v);
            case QUEUE_TYPE:
                return v == (HwQueue.TYPE_SELFTEST & 0xffffffffL) || v == HwQueue.TYPE_SELFTEST
                    ? "IOMMU_HW_QUEUE_TYPE_SELFTEST" : Long.toString(v);
            case BUF:
                return "buffer" + v;
            case INDEX:
                return Integer.toUnsignedString((int)v);
            default:
                return Long.toString(v);
        }
    }

    /** One program's generator: a shadow of what the program asked for so far (not what it got). */
    private static final class Gen
    {
        private final SplittableRandom rnd;
        private final List<Call> calls = new ArrayList<>();
        private final List<Integer> ioas = new ArrayList<>();
        private final List<Integer> fds = new ArrayList<>();
        private final List<Integer> viommus = new ArrayList<>();
        private final List<Integer> objects = new ArrayList<>();
        private final List<Integer> items = new ArrayList<>();
        /** The arguments of the last MAP_N, or null. */
        private long[] lastMapN;
        /** Ranges the program mapped or tried to: {iova, length}. */
        private final List<long[]> ranges = new ArrayList<>();

        Gen(final SplittableRandom rnd)
        {
            this.rnd = rnd;
        }

        Program program()
        {
            final int length = 4 + rnd.nextInt(13); /* 4..16, mean 10 */
            for (int i = 0; i < length; i++)
            {
                calls.add(next());
            }
            return new Program(calls);
        }

        Program concurrent(final int threads)
        {
            final int length = 2 + rnd.nextInt(7); /* 2..8 */
            for (int i = 0; i < length; i++)
            {
                calls.add(next());
            }
            for (int k = 0; k < threads; k++)
            {
                calls.add(actor());
            }
            return new Program(calls);
        }

        private static final Op[] ACTOR_WEIGHTED = actorWeighted();

        /** Actors: single calls on shared state (a bulk step is many ioctls, an allocation alone races nothing). */
        private static Op[] actorWeighted()
        {
            final List<Op> w = new ArrayList<>();
            add(w, Op.IOAS_MAP, 24);
            add(w, Op.IOAS_UNMAP, 24);
            add(w, Op.ACCESS_PAGES, 12);
            add(w, Op.DESTROY_ACCESS_PAGES, 6);
            add(w, Op.DESTROY, 8);
            add(w, Op.CLOSE_FD, 6);
            add(w, Op.ACCESS_REPLACE_IOAS, 5);
            add(w, Op.CREATE_ACCESS, 3);
            add(w, Op.HW_QUEUE_ALLOC, 8);
            add(w, Op.VIOMMU_ALLOC, 2);
            return w.toArray(new Op[0]);
        }

        /** One actor: drawn like any call, its IOVA range then aimed, most of the time, at the prefix's ranges. */
        private Call actor()
        {
            final Op op = ACTOR_WEIGHTED[rnd.nextInt(ACTOR_WEIGHTED.length)];
            Call c = next(op);
            if (ranges.isEmpty() || !p(60))
            {
                return c;
            }
            final long[] r = ranges.get(rnd.nextInt(ranges.size()));
            if (op == Op.IOAS_MAP)
            {
                /* the same range again: it exists (-EEXIST) unless a concurrent unmap freed it */
                c = c.withArg(1, r[0], false).withArg(4, r[1], false);
            }
            else if (op == Op.IOAS_UNMAP)
            {
                /* one range, or the span around two of them */
                final long[] s = ranges.get(rnd.nextInt(ranges.size()));
                final long first = Math.min(r[0], s[0]);
                c = c.withArg(1, first, false).withArg(2, Math.max(r[0] + r[1], s[0] + s[1]) - first, false);
            }
            return c;
        }

        private boolean p(final int percent)
        {
            return rnd.nextInt(100) < percent;
        }

        private long pick(final long[] values)
        {
            return values[rnd.nextInt(values.length)];
        }

        private Call call(final Op op, final int refMask, final long... args)
        {
            return new Call(op, args, refMask);
        }

        private static final Op[] WEIGHTED = weighted();

        private static Op[] weighted()
        {
            final List<Op> w = new ArrayList<>();
            add(w, Op.IOAS_ALLOC, 4);
            add(w, Op.DESTROY, 6);
            add(w, Op.IOAS_MAP, 20);
            add(w, Op.MAP_N, 6);
            add(w, Op.IOAS_UNMAP, 16);
            add(w, Op.CREATE_ACCESS, 10);
            add(w, Op.CREATE_N, 2);
            add(w, Op.ACCESS_PAGES, 15);
            add(w, Op.PIN_EACH, 4);
            add(w, Op.DESTROY_ACCESS_PAGES, 5);
            add(w, Op.ACCESS_REPLACE_IOAS, 4);
            add(w, Op.CLOSE_FD, 4);
            add(w, Op.VIOMMU_ALLOC, 7);
            add(w, Op.HW_QUEUE_ALLOC, 11);
            return w.toArray(new Op[0]);
        }

        private static void add(final List<Op> w, final Op op, final int weight)
        {
            for (int i = 0; i < weight; i++)
            {
                w.add(op);
            }
        }

        private Call next()
        {
            return next(ioas.isEmpty() && p(90) ? Op.IOAS_ALLOC : WEIGHTED[rnd.nextInt(WEIGHTED.length)]);
        }

        private Call next(final Op op)
        {
            final int self = calls.size();
            switch (op)
            {
                case IOAS_ALLOC:
                    ioas.add(self);
                    objects.add(self);
                    return call(op, 0);
                case DESTROY:
                {
                    final Call c = idArg(objects, 0, op, new long[1]);
                    return c;
                }
                case IOAS_MAP:
                {
                    final long[] a = new long[6];
                    a[1] = iova();
                    a[2] = p(90) ? 0 : 1;
                    final long bufPages = a[2] == 0 ? Program.BUF0_PAGES : Program.BUF1_PAGES;
                    a[3] = p(85) ? rnd.nextLong(bufPages) * P : pick(new long[] {1, P - 1, bufPages * P, (bufPages - 1) * P,
                        Kernel.ULONG_MAX});
                    a[4] = p(80) ? (1 + rnd.nextInt(4)) * P : length(a[1]);
                    a[5] = p(85) ? RW : pick(new long[] {IommufdCtx.IOAS_MAP_READABLE, IommufdCtx.IOAS_MAP_WRITEABLE, 0, 8});
                    ranges.add(new long[] {a[1], a[4]});
                    return idArg(ioas, 0, op, a);
                }
                case MAP_N:
                {
                    final long[] a = new long[5];
                    a[1] = p(80) ? BASE + rnd.nextInt(16) * P : iova();
                    a[2] = p(75) ? 2 + rnd.nextInt(7) : p(50) ? 16 + rnd.nextInt(285) : rnd.nextInt(2);
                    a[3] = 1 + rnd.nextInt(2);
                    a[4] = p(60) ? a[3] * P : (a[3] + 1) * P;
                    for (int k = 0; k < Math.min(a[2], 4); k++)
                    {
                        ranges.add(new long[] {a[1] + k * a[4], a[3] * P});
                    }
                    ranges.add(new long[] {a[1], a[2] * a[4]});
                    lastMapN = a;
                    return idArg(ioas, 0, op, a);
                }
                case IOAS_UNMAP:
                {
                    final long[] a = new long[3];
                    if (p(8))
                    {
                        a[1] = 0;
                        a[2] = Kernel.ULONG_MAX;
                    }
                    else if (!ranges.isEmpty() && p(50))
                    {
                        /* exactly one mapped range (an area, or a MAP_N span) */
                        final long[] r = ranges.get(rnd.nextInt(ranges.size()));
                        a[1] = r[0];
                        a[2] = r[1];
                    }
                    else
                    {
                        a[1] = iova();
                        a[2] = length(a[1]);
                    }
                    return idArg(ioas, 0, op, a);
                }
                case CREATE_ACCESS:
                {
                    fds.add(self);
                    return idArg(ioas, 0, op, new long[] {0, accessFlags()});
                }
                case CREATE_N:
                {
                    fds.add(self);
                    final long n = p(80) ? 2 + rnd.nextInt(7) : 16 + rnd.nextInt(285);
                    return idArg(ioas, 0, op, new long[] {0, n, accessFlags()});
                }
                case ACCESS_PAGES:
                {
                    items.add(self);
                    final long[] a = new long[4];
                    if (!ranges.isEmpty() && p(50))
                    {
                        inRange(a, 1);
                    }
                    else
                    {
                        a[1] = iova();
                        a[2] = p(75) ? (1 + rnd.nextInt(3)) * P : length(a[1]);
                    }
                    a[3] = p(85) ? 0 : pick(new long[] {IommufdCtx.MOCK_FLAGS_ACCESS_WRITE, 1 << 16, 4});
                    return fdArg(op, a);
                }
                case PIN_EACH:
                {
                    final long[] a = new long[4];
                    if (lastMapN != null && p(60))
                    {
                        /* one page in each area the last bulk map made */
                        a[1] = lastMapN[1];
                        a[2] = lastMapN[2];
                        a[3] = lastMapN[4];
                        return fdArg(op, a);
                    }
                    a[1] = p(80) ? BASE + rnd.nextInt(16) * P : iova();
                    a[2] = p(75) ? 2 + rnd.nextInt(7) : 16 + rnd.nextInt(285);
                    a[3] = (1 + rnd.nextInt(3)) * P;
                    return fdArg(op, a);
                }
                case DESTROY_ACCESS_PAGES:
                {
                    final long[] a = new long[2];
                    Call c = fdArg(op, a);
                    if (!items.isEmpty() && p(80))
                    {
                        c = c.withArg(1, items.get(rnd.nextInt(items.size())), true);
                    }
                    else
                    {
                        c = c.withArg(1, pick(new long[] {0, 1, 2, 0xffff_ffffL}), false);
                    }
                    return c;
                }
                case ACCESS_REPLACE_IOAS:
                {
                    final Call c = fdArg(op, new long[2]);
                    return idArgAt(ioas, c, 1);
                }
                case CLOSE_FD:
                    return fdArg(op, new long[1]);
                case VIOMMU_ALLOC:
                    viommus.add(self);
                    objects.add(self);
                    return idArg(ioas, 0, op, new long[1]);
                case HW_QUEUE_ALLOC:
                {
                    objects.add(self);
                    final long[] a = new long[5];
                    a[1] = p(60) ? 0 : p(60) ? 1 : pick(new long[] {Viommu.HW_QUEUE_MAX, 0xffff_ffffL});
                    if (!ranges.isEmpty() && p(50))
                    {
                        inRange(a, 2);
                    }
                    else
                    {
                        a[2] = iova();
                        a[3] = p(75) ? (1 + rnd.nextInt(2)) * P : length(a[2]);
                    }
                    a[4] = p(95) ? HwQueue.TYPE_SELFTEST : pick(new long[] {HwQueue.TYPE_DEFAULT, 1});
                    return idArg(viommus, 0, op, a);
                }
                default:
                    throw new AssertionError(op);
            }
        }

        /** a[at], a[at + 1] = one page, or the whole, of a range mapped so far. */
        private void inRange(final long[] a, final int at)
        {
            final long[] r = ranges.get(rnd.nextInt(ranges.size()));
            if (p(30))
            {
                a[at] = r[0];
                a[at + 1] = r[1];
                return;
            }
            final long pages = Math.max(1, Long.divideUnsigned(r[1], P));
            a[at] = r[0] + (pages > 1 && p(50) ? rnd.nextLong(Math.min(pages, 1 << 16)) * P : 0);
            a[at + 1] = P;
        }

        private long accessFlags()
        {
            return p(80) ? IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES : pick(new long[] {0, 2});
        }

        /** A reference to one of {@code pool} (mostly), or a literal id: 0, one a little above the pool, huge. */
        private Call idArg(final List<Integer> pool, final int index, final Op op, final long[] args)
        {
            return idArgAt(pool, new Call(op, args, 0), index);
        }

        private Call idArgAt(final List<Integer> pool, final Call c, final int index)
        {
            if (!pool.isEmpty() && p(90))
            {
                return c.withArg(index, pool.get(rnd.nextInt(pool.size())), true);
            }
            return c.withArg(index, pick(new long[] {0, 1, 2, 3, 5, 0x7fff_ffffL, 0xffff_ffffL}), false);
        }

        private Call fdArg(final Op op, final long[] args)
        {
            final Call c = new Call(op, args, 0);
            if (!fds.isEmpty() && p(90))
            {
                return c.withArg(0, fds.get(rnd.nextInt(fds.size())), true);
            }
            /* fds are handed out from 3 up, bulk ones consecutively */
            return c.withArg(0, pick(new long[] {-1, 0, 3, 4, 5, 6, 40}), false);
        }

        /** An IOVA: mostly an edge of a range mapped so far, else an aligned one near BASE, else an edge value. */
        private long iova()
        {
            if (!ranges.isEmpty() && p(70))
            {
                final long[] r = ranges.get(rnd.nextInt(ranges.size()));
                switch (rnd.nextInt(6))
                {
                    case 0: case 1: return r[0];
                    case 2: return r[0] + P;
                    case 3: return r[0] + r[1] - P;
                    case 4: return r[0] + r[1];
                    default: return r[0] - P;
                }
            }
            return p(60) ? BASE + rnd.nextInt(16) * P : pick(IOVA_EDGES);
        }

        /** A length to go with {@code iova}: pages, a mapped range's, the one that overflows exactly, an edge. */
        private long length(final long iova)
        {
            final int r = rnd.nextInt(10);
            if (r < 5)
            {
                return (1 + rnd.nextInt(4)) * P;
            }
            if (r < 7 && !ranges.isEmpty())
            {
                final long[] range = ranges.get(rnd.nextInt(ranges.size()));
                return p(50) ? range[1] : range[0] + range[1] - iova;
            }
            if (r < 8)
            {
                return -iova; /* iova + length wraps to exactly 0 */
            }
            return pick(LEN_EDGES);
        }
    }
}

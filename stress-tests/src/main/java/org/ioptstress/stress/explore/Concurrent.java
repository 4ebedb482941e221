package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.Invariants;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.ObjType;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.KernelHang;
import org.ioptstress.kernel.KernelOops;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.UserBuffer;

/**
 * Concurrent exploration on real threads: a generated program whose last 2 or 3 calls are actors, each started on
 * its own thread at once after the others (the shared prefix) ran sequentially; the kernel's delay points widen
 * the windows where it drops a lock, as in the scenarios. Oracles: any report, the release, the invariants after
 * the actors, termination (an actor not back in 10 s), and linearizability: the actors' results and the end state
 * must be those of some sequential order of the actors on the same design.
 */
public final class Concurrent
{
    /** An actor not back after this long is a hang (the kernel would have a hung task). */
    static final long JOIN_MILLIS = 10_000;
    static final long DELAY_NANOS = 20_000;

    private Concurrent()
    {
    }

    /** The prefix (run first, sequentially) and the actors (refer only to the prefix's results). */
    public record CProgram(Program prefix, List<Call> actors)
    {
        /** As one program: the prefix, then the actors in thread order (for the report). */
        public Program asProgram()
        {
            final List<Call> all = new ArrayList<>(prefix.calls());
            all.addAll(actors);
            return new Program(all);
        }
    }

    /** One concurrent run: the actors' results (thread order), the state, what the oracles saw, and whether it hung. */
    public record Run(int[] actorResults, String state, List<Execution.Event> events, boolean hung)
    {
    }

    /** Concurrent program {@code n} of {@code seed} ({@link Programs#generateConcurrent}): a prefix and its actors. */
    public static CProgram generate(final long seed, final long n, final int threads)
    {
        return split(Programs.generateConcurrent(seed, n, threads), threads);
    }

    /** The last {@code threads} calls become actors; a reference from one actor to another becomes the id 0. */
    public static CProgram split(final Program p, final int threads)
    {
        final int cut = Math.max(1, p.size() - threads);
        final List<Call> actors = new ArrayList<>();
        for (int i = cut; i < p.size(); i++)
        {
            Call c = p.call(i);
            for (int a = 0; a < c.args().length; a++)
            {
                if (c.isRef(a) && c.args()[a] >= cut)
                {
                    c = c.withArg(a, 0, false);
                }
            }
            actors.add(c);
        }
        return new CProgram(new Program(p.calls().subList(0, cut)), actors);
    }

    /** Runs the prefix, then the actors on real threads; null when the prefix itself threw (a sequential finding). */
    public static Run run(final CProgram cp, final Design design)
    {
        final Kernel kernel = new Kernel(Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(Execution.REMOVE_WAIT_MILLIS));
        final IommufdCtx ctx = new IommufdCtx(kernel, design);
        final UserBuffer[] buffers = {ctx.allocUserBuffer(Program.BUF0_PAGES), ctx.allocUserBuffer(Program.BUF1_PAGES, true)};
        final int[] results = new int[cp.prefix().size()];
        try
        {
            for (int i = 0; i < results.length; i++)
            {
                results[i] = Execution.call(ctx, buffers, cp.prefix().call(i), results);
            }
        }
        catch (final Throwable t)
        {
            org.ioptstress.kernel.Lockdep.forgetHeldLocksOfCurrentThread();
            return null;
        }
        final int before = kernel.reports().total();
        final int nActors = cp.actors().size();
        final int[] actorResults = new int[nActors];
        final Throwable[] thrown = new Throwable[nActors];
        final AtomicBoolean go = new AtomicBoolean();
        final Thread[] threads = new Thread[nActors];
        kernel.enableDelays(DELAY_NANOS, DelayPoint.values());
        for (int k = 0; k < nActors; k++)
        {
            final int index = k;
            threads[k] = new Thread(() ->
            {
                while (!go.get())
                {
                    Thread.onSpinWait();
                }
                try
                {
                    actorResults[index] = Execution.call(ctx, buffers, cp.actors().get(index), results);
                }
                catch (final Throwable t)
                {
                    actorResults[index] = Execution.THREW;
                    thrown[index] = t;
                }
            }, "explore-actor-" + k);
            threads[k].setDaemon(true);
            threads[k].start();
        }
        go.set(true);
        final List<Execution.Event> events = new ArrayList<>();
        try
        {
            for (final Thread t : threads)
            {
                t.join(JOIN_MILLIS);
                if (t.isAlive())
                {
                    events.add(new Execution.Event(results.length, "termination", "hang",
                        t.getName() + " not back after " + JOIN_MILLIS + " ms"));
                    return new Run(actorResults, "", events, true);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
        kernel.enableDelays(0);
        final int at = results.length;
        reports(kernel, before, at, events);
        for (int k = 0; k < nActors; k++)
        {
            if (thrown[k] != null && !(thrown[k] instanceof KernelOops) && !(thrown[k] instanceof KernelHang))
            {
                add(events, new Execution.Event(at + k, "report", "EXCEPTION@" + thrown[k].getClass().getSimpleName(),
                    "the port threw " + thrown[k]));
            }
        }
        final boolean died = java.util.Arrays.stream(actorResults).anyMatch(r -> r == Execution.THREW);
        if (!died)
        {
            for (final String v : Invariants.check(ctx))
            {
                add(events, new Execution.Event(at, "invariant", Execution.normalize(v), v));
            }
        }
        final String state = died ? "" : Execution.state(ctx);
        final int beforeRelease = kernel.reports().total();
        if (!died)
        {
            ctx.release();
            reports(kernel, beforeRelease, at + nActors, events);
            if (kernel.pinnedPages() != 0)
            {
                add(events, new Execution.Event(at + nActors, "release", "pins", kernel.pinnedPages() + " pages still pinned"));
            }
            if (ctx.objectCount(ObjType.ANY) != 0)
            {
                add(events, new Execution.Event(at + nActors, "release", "objects", ctx.objectCount(ObjType.ANY) + " objects left"));
            }
        }
        return new Run(actorResults, state, events, false);
    }

    private static void reports(final Kernel kernel, final int from, final int at, final List<Execution.Event> events)
    {
        final List<Report> list = kernel.reports().list();
        for (int i = Math.min(from, list.size()); i < list.size(); i++)
        {
            final Report r = list.get(i);
            add(events, new Execution.Event(at, "report", r.kind() + "@" + Execution.method(r.site()),
                r.kind() + " " + r.message() + " at " + r.site() + " [" + r.thread() + "]"));
        }
    }

    private static void add(final List<Execution.Event> events, final Execution.Event e)
    {
        for (final Execution.Event x : events)
        {
            if (x.oracle().equals(e.oracle()) && x.key().equals(e.key()))
            {
                return;
            }
        }
        events.add(e);
    }

    /**
     * Linearizability: the actors' results and the end state equal those of one sequential order of the actors
     * (prefix first) on the same design. An actor refused with the kernel's documented answer to a concurrent
     * user, -EBUSY from IOMMU_DESTROY while another ioctl holds the object, must have had no effect: the others are
     * then checked without it; so is a pin (ACCESS_PAGES, a HW queue's) refused with -EINVAL by an area whose
     * concurrent unmap set prevent_access to notify the accesses (iommufd_access_pin_pages()). An IOAS_UNMAP that met an area a concurrent IOAS_MAP had not finished, or a
     * concurrent IOAS_UNMAP was still freeing (pages == NULL), gets -EBUSY after freeing what came before it
     * (iopt_unmap_iova_range(): "Userspace should not race map/unmap's of the same area"): not checked. Nor are
     * two IOAS_UNMAPs: an unmap of several areas frees them one at a time with iova_rwsem dropped, so two unmaps of
     * the same areas may each free a part and both return 0. Results compare by kind (errno, 0, or "id": ids
     * interleave when two actors allocate, as xa_alloc's do); the state without object ids. Null when linearizable,
     * else what the orders gave.
     */
    public static String nonLinearizable(final CProgram cp, final Design design, final Run run)
    {
        final List<Integer> kept = new ArrayList<>();
        if (cp.actors().stream().filter(c -> c.op() == Op.IOAS_UNMAP).count() > 1)
        {
            /*
             * iopt_unmap_iova_range() frees one area at a time with iova_rwsem dropped: two unmaps of the same
             * areas may each free some and both return 0 (any area freed), which no order of two atomic unmaps gives
             */
            return null;
        }
        for (int k = 0; k < cp.actors().size(); k++)
        {
            final Op op = cp.actors().get(k).op();
            final boolean busy = run.actorResults()[k] == -org.ioptstress.kernel.Errno.EBUSY;
            if (busy && op == Op.IOAS_UNMAP && othersMapOrUnmap(cp, k))
            {
                return null; /* it may have freed other areas before it met the busy one: no atomic effect to check */
            }
            /* iommufd_access_pin_pages(): -EINVAL on an area whose unmap is notifying (prevent_access), undone */
            final boolean refusedPin = run.actorResults()[k] == -org.ioptstress.kernel.Errno.EINVAL
                && (op == Op.ACCESS_PAGES || op == Op.HW_QUEUE_ALLOC) && othersUnmap(cp, k);
            if (!(busy && op == Op.DESTROY) && !refusedPin)
            {
                kept.add(k);
            }
        }
        final StringBuilder seen = new StringBuilder();
        for (final int[] sub : permutations(kept))
        {
            final List<Call> calls = new ArrayList<>(cp.prefix().calls());
            for (final int k : sub)
            {
                calls.add(cp.actors().get(k));
            }
            final Execution e = Execution.run(new Program(calls), design, false);
            if (e.threw())
            {
                return null; /* the sequential run itself fails: a sequential finding, not this oracle's */
            }
            boolean same = withoutIds(e.state).equals(withoutIds(run.state()));
            final StringBuilder got = new StringBuilder();
            for (int j = 0; j < sub.length; j++)
            {
                final int rc = e.results[cp.prefix().size() + j];
                same &= Oracles.kind(rc).equals(Oracles.kind(run.actorResults()[sub[j]]));
                got.append(j == 0 ? "" : ", ").append("actor ").append(sub[j]).append(' ').append(Execution.name(rc));
            }
            if (same)
            {
                return null;
            }
            seen.append(" [").append(got).append(']');
        }
        return "actors returned " + names(run.actorResults()) + " ending in " + run.state() + ", which no sequential order"
            + " gives:" + seen;
    }

    private static boolean othersUnmap(final CProgram cp, final int k)
    {
        for (int j = 0; j < cp.actors().size(); j++)
        {
            if (j != k && cp.actors().get(j).op() == Op.IOAS_UNMAP)
            {
                return true;
            }
        }
        return false;
    }

    /** Whether an actor other than {@code k} maps or unmaps (it may leave an area half-built or half-freed). */
    private static boolean othersMapOrUnmap(final CProgram cp, final int k)
    {
        for (int j = 0; j < cp.actors().size(); j++)
        {
            final Op op = cp.actors().get(j).op();
            if (j != k && (op == Op.IOAS_MAP || op == Op.IOAS_UNMAP || op == Op.MAP_N))
            {
                return true;
            }
        }
        return false;
    }

    private static List<int[]> permutations(final List<Integer> items)
    {
        final List<int[]> out = new ArrayList<>();
        if (items.isEmpty())
        {
            out.add(new int[0]);
            return out;
        }
        for (int i = 0; i < items.size(); i++)
        {
            final List<Integer> rest = new ArrayList<>(items);
            final int head = rest.remove(i);
            for (final int[] tail : permutations(rest))
            {
                final int[] p = new int[tail.length + 1];
                p[0] = head;
                System.arraycopy(tail, 0, p, 1, tail.length);
                out.add(p);
            }
        }
        return out;
    }

    /** The end state without object ids, entries sorted: which ids concurrent allocations got does not matter. */
    static String withoutIds(final String state)
    {
        final String[] parts = state.replaceAll("(IOAS|ACCESS|VIOMMU|HW_QUEUE) [0-9]+", "$1").split("; ");
        java.util.Arrays.sort(parts);
        return String.join("; ", parts);
    }

    static String names(final int[] results)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < results.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(Execution.name(results[i]));
        }
        return sb.append(']').toString();
    }


    /**
     * A linearizability finding's dedup key: the actors' ioctls in name order (which thread ran which does not
     * make another finding), {@code IOMMU_IOAS_MAP||IOMMU_IOAS_UNMAP}.
     */
    static String key(final CProgram cp)
    {
        final List<String> ops = new ArrayList<>();
        for (final Call c : cp.actors())
        {
            ops.add(c.op().uapi.replace(' ', '_'));
        }
        java.util.Collections.sort(ops);
        return String.join("||", ops);
    }

    /** The oracles' hits of one concurrent run ({@code termination}, {@code linearizability} and the shared ones). */
    public static List<Oracles.Hit> judge(final CProgram cp, final Design design, final Run run)
    {
        final List<Oracles.Hit> hits = new ArrayList<>();
        if (run == null)
        {
            return hits;
        }
        for (final Execution.Event e : run.events())
        {
            hits.add(new Oracles.Hit(design.name(), e.oracle(), e.key(), e.text(), e.call()));
        }
        /* a bulk actor is many ioctls, not one: no single point at which it takes effect */
        if (!run.hung() && run.events().isEmpty() && cp.actors().stream().noneMatch(c -> c.op().bulk()))
        {
            final String why = nonLinearizable(cp, design, run);
            if (why != null)
            {
                hits.add(new Oracles.Hit(design.name(), "linearizability", key(cp), why, cp.prefix().size()));
            }
        }
        return hits;
    }
}

package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * The four sequential oracles over one program's runs, one per design: (a) any report on any design (WARN,
 * KASAN-like, lockdep-like, hung task, leak at release, the port throwing); (b) differential: every call returns
 * what it returns on the reference design (the correct semantics, upstream-notify-fix) and the state before the
 * release is the same; (c) the release leaves no pinned page and no object; (d) the structural invariants after
 * every call. Only the first difference of a run is a hit: what follows it is its consequence.
 */
public final class Oracles
{
    /** One oracle firing on one design: {@code call} is the call index, or the program's size for the release. */
    public record Hit(String design, String oracle, String key, String text, int call)
    {
    }

    private Oracles()
    {
    }

    public static List<Hit> judge(final List<Execution> runs, final Execution reference)
    {
        final List<Hit> hits = new ArrayList<>();
        for (final Execution run : runs)
        {
            for (final Execution.Event ev : run.events)
            {
                hits.add(new Hit(run.design.name(), ev.oracle(), ev.key(), ev.text(), ev.call()));
            }
            if (run != reference && reference != null)
            {
                final Hit diff = differential(run, reference);
                if (diff != null)
                {
                    hits.add(diff);
                }
            }
        }
        return hits;
    }

    /** The first call whose result differs from the reference's, else a differing end state, else null. */
    public static Hit differential(final Execution run, final Execution ref)
    {
        final Program p = run.program;
        final int n = Math.min(run.ran, ref.ran);
        for (int i = 0; i < n; i++)
        {
            if (run.results[i] != ref.results[i])
            {
                final String key = p.call(i).op().uapi.replace(' ', '_') + "/" + kind(ref.results[i]) + "->" + kind(run.results[i]);
                return new Hit(run.design.name(), "errno", key, "call " + i + " " + p.call(i) + " returned "
                    + Execution.name(run.results[i]) + ", " + Execution.name(ref.results[i]) + " on " + ref.design.name(), i);
            }
        }
        if (run.threw() || ref.threw())
        {
            return null; /* a report says why */
        }
        if (!run.state.equals(ref.state))
        {
            return new Hit(run.design.name(), "state", "end-state", "state before release: " + run.state + " vs "
                + ref.state + " on " + ref.design.name(), p.size());
        }
        return null;
    }

    /** A result's class: the errno name, 0, or "id" for any positive id, fd or item. */
    static String kind(final int rc)
    {
        return rc > 0 ? "id" : Execution.name(rc);
    }
}

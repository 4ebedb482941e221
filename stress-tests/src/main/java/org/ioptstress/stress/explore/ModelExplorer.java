package org.ioptstress.stress.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.Invariants;
import org.ioptstress.kernel.Report;
import org.ioptstress.kernel.UserBuffer;
import org.ioptstress.stress.modelcheck.Exploration;
import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.modelcheck.TraceFiles;
import org.ioptstress.stress.scenario.Case;
import org.ioptstress.stress.scenario.Details;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.design.Designs;
import org.ioptstress.stress.scenario.Trial;

/**
 * Concurrent exploration under Lincheck's model checker: a generated concurrent program (a shared prefix, then 2 or
 * 3 actors of one call each, {@link Programs#generateConcurrent}) becomes a {@link Scenario} whose fixture is the
 * prefix and whose actors are the calls, and is handed to the model-checking engine unchanged
 * ({@link ModelChecker#explore}): Lincheck schedules the actors and switches threads at every lock operation, park
 * and shared-field access, and the first interleaving that fails comes back with its trace.
 *
 * <p>The oracles are the trial's ({@link Trial#finish}): any report of the simulated kernel (a), pins or objects
 * left after the release (c), the structural invariants after the actors (d), an actor that never returns
 * (termination: Lincheck finds every remaining thread blocked); plus, judged here, linearizability: the actors'
 * results and the end state must be those of one sequential order of the actors (as on real threads,
 * {@link Concurrent#nonLinearizable}, with the kernel's documented answers to concurrent users accepted).
 *
 * <p>A program whose actors, run one after another on the same design, already break an oracle is a sequential
 * finding, left to the sequential explorer: it is not model-checked.
 */
public final class ModelExplorer
{
    /** Interleavings tried per program and design by default (the quick campaign's budget per scenario). */
    public static final int DEFAULT_INTERLEAVINGS = 25;
    private static final Pattern AT_SITE = Pattern.compile(" at ([A-Za-z0-9_$]+\\.[A-Za-z0-9_$<>]+)");

    private ModelExplorer()
    {
    }

    /** What the model checker made of one program on one design. */
    public record Outcome(List<Oracles.Hit> hits, String interleaving, Exploration exploration, boolean skipped, boolean unconfirmedHang)
    {
        Outcome(final List<Oracles.Hit> hits, final String interleaving, final Exploration exploration, final boolean skipped)
        {
            this(hits, interleaving, exploration, skipped, false);
        }
    }

    /** Whether the model checker can run {@code design}: the registry's designs (the reference upstream-tries-fix is one). */
    public static boolean supports(final Design design)
    {
        return Designs.names().contains(design.name());
    }

    /**
     * Model-checks {@code cp} on {@code design} with at most {@code interleavings} interleavings. {@code label}
     * names the program in the trace ({@code s<seed>-p<n>}). Skipped (no hits) when the prefix or the actors in
     * order already fail sequentially.
     */
    public static Outcome explore(final Concurrent.CProgram cp, final Design design, final int interleavings, final String label)
    {
        final Execution sequential = Execution.run(cp.asProgram(), design, true);
        if (sequential.threw() || !sequential.events.isEmpty())
        {
            return new Outcome(List.of(), null, null, true);
        }
        if (commute(cp, design))
        {
            return new Outcome(List.of(), null, null, true);
        }
        GeneratedRace race = new GeneratedRace("explore-" + label, cp);
        Exploration e = ModelChecker.explore(race, design.name(), interleavings);
        if (hungOrStopped(e))
        {
            /*
             * A JVM's first explorations can meet classes loaded before Lincheck instrumented them: a lock that parks
             * for real, which Lincheck reports as a hang (and stops the actors with ThreadDeath). A real hang (a wait
             * nobody ends) is deterministic: it is reported when a second exploration hangs again.
             */
            final GeneratedRace again = new GeneratedRace("explore-" + label, cp);
            final Exploration second = ModelChecker.explore(again, design.name(), interleavings);
            if (!(second.failed() && ModelChecker.HUNG.equals(second.label())))
            {
                System.err.println("explore: model checker: a hang of " + label + " on " + design.name() + " at interleaving "
                    + e.invocations() + " was not repeated (" + second.verdict() + " at " + second.invocations() + "): " + e.reason());
                final Outcome o = judged(again, design, second, cp);
                return new Outcome(o.hits(), o.interleaving(), o.exploration(), o.skipped(), true);
            }
        }
        return judged(race, design, e, cp);
    }

    /** Lincheck found the invocation hung, or stopped an actor (ThreadDeath) to end one. */
    private static boolean hungOrStopped(final Exploration e)
    {
        return e.failed() && (ModelChecker.HUNG.equals(e.label()) || String.valueOf(e.reason()).contains("threw=ThreadDeath"));
    }

    /**
     * Runs one small exploration whose result is dropped: Lincheck attaches and instruments the classes a
     * program's calls use before the first measured one (the model-check command does the same).
     */
    public static void warmUp(final Design design)
    {
        final long p = Programs.P;
        final Program program = new Program(List.of(
            new Call(Op.IOAS_ALLOC, new long[0], 0),
            new Call(Op.MAP_N, new long[] {0, Programs.BASE, 2, 1, p}, 1),
            new Call(Op.CREATE_ACCESS, new long[] {0, org.ioptstress.iommufd.IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES}, 1),
            new Call(Op.ACCESS_PAGES, new long[] {2, Programs.BASE, p, 0}, 1),
            new Call(Op.IOAS_UNMAP, new long[] {0, Programs.BASE, 2 * p}, 1),
            new Call(Op.IOAS_MAP, new long[] {0, Programs.BASE + p, 0, 0, p, Programs.RW}, 1)));
        final GeneratedRace race = new GeneratedRace("explore-warm-up", Concurrent.split(program, 2));
        ModelChecker.explore(race, design.name(), 1);
    }

    private static Outcome judged(final GeneratedRace race, final Design design, final Exploration e, final Concurrent.CProgram cp)
    {
        final List<Oracles.Hit> hits = new ArrayList<>();
        switch (e.verdict())
        {
            case OK:
                return new Outcome(hits, null, e, false);
            case SKIPPED:
                return new Outcome(hits, null, e, true);
            case ERROR:
                hits.add(new Oracles.Hit(design.name(), "engine", firstWord(e.reason()), e.reason(), cp.prefix().size()));
                return new Outcome(hits, null, e, false);
            default:
                hits.add(hit(race, design, e));
                return new Outcome(hits, trace(race, e), e, false);
        }
    }

    /**
     * Whether every sequential order of the actors gives the same results (by kind) and end state: then no order
     * depends on another actor's effect and the program is not model-checked. Most generated actors touch
     * unrelated objects or fail their argument checks; skipping them spends the model checker's time (about a
     * second per program and design on this machine) on actors that interact. A lock-order inversion between
     * commuting actors is still found: lockdep reports it from the sequential runs.
     */
    static boolean commute(final Concurrent.CProgram cp, final Design design)
    {
        String first = null;
        for (final int[] order : orders(cp.actors().size()))
        {
            final List<Call> calls = new ArrayList<>(cp.prefix().calls());
            final StringBuilder sig = new StringBuilder();
            for (final int k : order)
            {
                calls.add(cp.actors().get(k));
            }
            final Execution e = Execution.run(new Program(calls), design, false);
            if (e.threw() || !e.events.isEmpty())
            {
                return false;
            }
            final String[] byActor = new String[order.length];
            for (int j = 0; j < order.length; j++)
            {
                byActor[order[j]] = Oracles.kind(e.results[cp.prefix().size() + j]);
            }
            sig.append(String.join(",", byActor)).append(' ').append(Concurrent.withoutIds(e.state));
            if (first == null)
            {
                first = sig.toString();
            }
            else if (!first.equals(sig.toString()))
            {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> orders(final int n)
    {
        return n == 2 ? List.of(new int[] {0, 1}, new int[] {1, 0})
            : List.of(new int[] {0, 1, 2}, new int[] {0, 2, 1}, new int[] {1, 0, 2}, new int[] {1, 2, 0}, new int[] {2, 0, 1},
                new int[] {2, 1, 0});
    }

    /** The finding of a FAILED exploration: oracle and dedup key as the sequential explorer names them. */
    private static Oracles.Hit hit(final GeneratedRace race, final Design design, final Exploration e)
    {
        final int at = race.cp.prefix().size();
        final String label = e.label();
        final String reason = e.reason() == null ? label : e.reason();
        final Execution.Event first = race.firstEvent;
        if ("non-linearizable".equals(label))
        {
            return new Oracles.Hit(design.name(), "linearizability", Concurrent.key(race.cp), race.why == null ? reason : race.why, at);
        }
        if (ModelChecker.HUNG.equals(label))
        {
            return new Oracles.Hit(design.name(), "termination", "hang", reason, at);
        }
        if (first != null && (label.equals(Case.INVARIANT.label()) ? first.oracle().equals("invariant") : first.oracle().equals("report")))
        {
            return new Oracles.Hit(design.name(), first.oracle(), first.key(), first.text(), at);
        }
        if (label.equals(Case.forReport(Report.Kind.LEAK).label()))
        {
            return new Oracles.Hit(design.name(), "release", reason.contains("pins-left") ? "pins" : "objects", reason, at + race.actors());
        }
        /* an oops, a lock deadlock: the actor died or hung before the judgement, the reason names the site */
        final Matcher m = AT_SITE.matcher(reason);
        final String kind = label.toUpperCase(Locale.ROOT).replace('-', '_');
        return new Oracles.Hit(design.name(), "report", m.find() ? kind + "@" + m.group(1) : kind, reason, at);
    }

    /** The condensed interleaving of a FAILED exploration (TraceFiles' rendering, read back from a scratch dir). */
    private static String trace(final GeneratedRace race, final Exploration e)
    {
        if (e.lincheck() == null)
        {
            return null;
        }
        Path dir = null;
        try
        {
            dir = Files.createTempDirectory("iopt-explore-trace");
            final Path txt = TraceFiles.write(dir, race, e, "(see the replay line of the finding)");
            return Files.readString(txt, StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            return "(no trace: " + ex + ")";
        }
        finally
        {
            if (dir != null)
            {
                try (var files = Files.list(dir))
                {
                    for (final Path p : files.toList())
                    {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                }
                catch (final IOException ex)
                {
                    /* a scratch dir left in /tmp: harmless */
                }
            }
        }
    }

    private static String firstWord(final String s)
    {
        final String t = s == null ? "error" : s.strip();
        final int sp = t.indexOf(' ');
        return (sp < 0 ? t : t.substring(0, sp)).replaceAll("[^A-Za-z0-9_.-]", "");
    }

    /**
     * A generated program as a scenario: the fixture runs the prefix, actor {@code k} runs call {@code k} of the
     * actors. The semantic judgement is linearizability; the rest is the trial's.
     */
    static final class GeneratedRace extends Scenario
    {
        final Concurrent.CProgram cp;
        /** The first report or invariant a judged trial saw (that trial fails: it names the finding). */
        volatile Execution.Event firstEvent;
        /** Why the first non-linearizable trial was. */
        volatile String why;

        GeneratedRace(final String id, final Concurrent.CProgram cp)
        {
            super(spec(id, cp));
            this.cp = cp;
        }

        private static Spec spec(final String id, final Concurrent.CProgram cp)
        {
            final String[] names = new String[cp.actors().size()];
            final StringBuilder race = new StringBuilder();
            for (int k = 0; k < names.length; k++)
            {
                names[k] = "thread" + k;
                race.append(k == 0 ? "" : " || ").append(Reproducer.selftestCall(cp.actors().get(k)));
            }
            return new Spec(id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"), race.toString())
                .actors(names)
                .ok("linearizable", "the actors' results and the end state are those of one sequential order")
                .fail("non-linearizable", "results and end state no sequential order of the actors gives (details)");
        }

        @Override
        public Trial newTrial(final Design design)
        {
            return new T(this, design);
        }
    }

    private static final class T extends Trial
    {
        private final GeneratedRace race;
        private final UserBuffer[] buffers;
        private final int[] results;
        private final int before;

        T(final GeneratedRace race, final Design design)
        {
            super(race, design);
            this.race = race;
            buffers = new UserBuffer[] {ctx.allocUserBuffer(Program.BUF0_PAGES), ctx.allocUserBuffer(Program.BUF1_PAGES, true)};
            results = new int[race.cp.prefix().size()];
            for (int i = 0; i < results.length; i++)
            {
                results[i] = Execution.call(ctx, buffers, race.cp.prefix().call(i), results);
            }
            before = kernel.reports().total();
        }

        @Override
        protected int actor(final int index)
        {
            return Execution.call(ctx, buffers, race.cp.actors().get(index), results);
        }

        @Override
        protected Case judge(final int[] rc, final Details d)
        {
            final String state = Execution.state(ctx);
            d.add("state", state);
            final List<Report> reports = kernel.reports().list();
            if (reports.size() > before)
            {
                final Report r = reports.get(before);
                event(new Execution.Event(results.length, "report", r.kind() + "@" + Execution.method(r.site()),
                    r.kind() + " " + r.message() + " at " + r.site() + " [" + r.thread() + "]"));
                return is("linearizable"); /* the report fails the trial */
            }
            for (final String v : Invariants.check(ctx))
            {
                event(new Execution.Event(results.length, "invariant", Execution.normalize(v), v));
                return is("linearizable"); /* the trial's own invariant check fails it */
            }
            if (race.cp.actors().stream().anyMatch(c -> c.op().bulk()))
            {
                return is("linearizable");
            }
            final String why = Concurrent.nonLinearizable(race.cp, design, new Concurrent.Run(rc, state, List.of(), false));
            if (why == null)
            {
                return is("linearizable");
            }
            if (race.why == null)
            {
                race.why = why;
            }
            d.text(why);
            return is("non-linearizable");
        }

        private void event(final Execution.Event e)
        {
            if (race.firstEvent == null)
            {
                race.firstEvent = e;
            }
        }
    }
}

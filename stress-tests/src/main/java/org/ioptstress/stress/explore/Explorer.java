package org.ioptstress.stress.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.ioptstress.iommufd.Design;

/**
 * Sequential exploration: generated programs (deterministic from the seed) run on every design, judged by the
 * {@link Oracles}; each distinct finding (design, oracle, key) keeps the first program that showed it and is then
 * shrunk to a minimal reproducer. Recorded differences ({@link Differences}) are counted, not reported.
 */
public final class Explorer
{
    /** The correct semantics every other design is compared against: {@link org.ioptstress.design.UpstreamTriesFix}. */
    public static final String REFERENCE = "upstream-tries-fix";

    /** A fresh instance of the reference design (a candidate fix of the registry). */
    public static Design reference()
    {
        return design(REFERENCE);
    }

    /** A design of the registry ({@code Designs}) by name. */
    public static Design design(final String name)
    {
        return org.ioptstress.design.Designs.byName(name);
    }

    /**
     * @param designs      designs to explore (the reference is run as well, and compared against)
     * @param programs     stop after this many programs (0: no limit)
     * @param nanos        stop after this long (0: no limit)
     * @param shrinkNanos  the shrinking budget of one finding
     * @param stopAtFirst  stop at the first finding on a design named here, or whose signature starts with this
     *                     ({@code v8.linearizability}; time-to-first-finding runs)
     */
    public record Config(List<Design> designs, Design reference, long seed, long programs, long nanos,
        Differences recorded, long shrinkNanos, String stopAtFirst)
    {
    }

    /** A "programs that split designs" row: the groups of designs that agreed, the call that split them. */
    public static final class Split
    {
        public final String groups;
        public final String call;
        public final long firstProgram;
        public long programs;

        Split(final String groups, final String call, final long firstProgram)
        {
            this.groups = groups;
            this.call = call;
            this.firstProgram = firstProgram;
        }
    }

    public static final class Result
    {
        public long programs;
        public long calls;
        public double seconds;
        public final Map<String, Finding> findings = new LinkedHashMap<>();
        public final Map<String, Long> recordedSeen = new LinkedHashMap<>();
        public final Map<String, Split> splits = new LinkedHashMap<>();
        public final List<String> designs = new ArrayList<>();
        public final List<String> controls = new ArrayList<>();
        public String reference;
        /** Model checker: program-design pairs not model-checked (actors commute or fail sequentially). */
        public long skipped;
        /** Model checker: hangs Lincheck reported once that a second exploration of the program did not repeat. */
        public long unconfirmedHangs;
        /** Model checker: interleavings explored in all. */
        public long interleavings;

        public List<Finding> findingsOn(final String design)
        {
            final List<Finding> out = new ArrayList<>();
            for (final Finding f : findings.values())
            {
                if (f.design.equals(design))
                {
                    out.add(f);
                }
            }
            return out;
        }

        /** Findings on designs that are not negative controls: what the exit code is about. */
        public long unexplainedOnCandidates()
        {
            return findings.values().stream().filter(f -> !f.negativeControl).count();
        }
    }

    /** A progress snapshot: programs so far, their rate, findings, seconds left (-1 if bounded by count). */
    public record Progress(long programs, double perSecond, int findings, double secondsLeft)
    {
    }

    private final Config config;
    private final List<Design> run = new ArrayList<>();
    private final Design reference;

    public Explorer(final Config config)
    {
        this.config = config;
        this.reference = config.reference();
        for (final Design d : config.designs())
        {
            if (!d.name().equals(reference.name()))
            {
                run.add(d);
            }
        }
        run.add(0, reference);
    }

    /** The run's budget (a program count or a time) and its progress line, once a second. */
    private final class Budget
    {
        final long start = System.nanoTime();
        private final Consumer<Progress> progress;
        private long lastProgress = start;

        Budget(final Consumer<Progress> progress)
        {
            this.progress = progress;
        }

        /** Whether program {@code n} is past the budget; reports progress on the way. */
        boolean spent(final long n, final Result result)
        {
            if (config.programs() != 0 && n >= config.programs())
            {
                return true;
            }
            final long now = System.nanoTime();
            if (config.nanos() != 0 && now - start >= config.nanos())
            {
                return true;
            }
            if (progress != null && now - lastProgress >= 1_000_000_000L)
            {
                lastProgress = now;
                progress.accept(new Progress(n, n / ((now - start) / 1e9), result.findings.size(),
                    config.nanos() == 0 ? -1 : (config.nanos() - (now - start)) / 1e9));
            }
            return false;
        }
    }

    private Result newResult()
    {
        final Result result = new Result();
        result.reference = reference.name();
        for (final Design d : run)
        {
            result.designs.add(d.name());
            if (d.negativeControl())
            {
                result.controls.add(d.name());
            }
        }
        return result;
    }

    /**
     * Counts a hit of program {@code n} as a recorded difference, as another hit of a known finding, or as a new
     * finding, which it returns (null otherwise).
     */
    private Finding record(final Result result, final Oracles.Hit hit, final Program program, final long n, final long start)
    {
        final String sig = Finding.signature(hit.design(), hit.oracle(), hit.key());
        if (config.recorded().reason(hit.design(), hit.oracle(), hit.key()) != null)
        {
            result.recordedSeen.merge(sig, 1L, Long::sum);
            return null;
        }
        final Finding existing = result.findings.get(sig);
        if (existing != null)
        {
            existing.hits++;
            return null;
        }
        final Finding f = new Finding(hit.design(), hit.oracle(), hit.key(), hit.text(), program, n,
            (System.nanoTime() - start) / 1e9);
        f.negativeControl = result.controls.contains(hit.design());
        result.findings.put(sig, f);
        return f;
    }

    public Result explore(final Consumer<Progress> progress)
    {
        final Result result = newResult();
        final Budget budget = new Budget(progress);
        final long start = budget.start;
        long n = 0;
        outer:
        for (; !budget.spent(n, result); n++)
        {
            final Program program = Programs.generate(config.seed(), n);
            final List<Execution> runs = runAll(program);
            result.calls += program.size();
            boolean split = false;
            for (final Oracles.Hit hit : Oracles.judge(runs, runs.get(0)))
            {
                split |= hit.oracle().equals("errno");
                final Finding f = record(result, hit, program, n, start);
                if (f != null && stops(f))
                {
                    n++;
                    break outer;
                }
            }
            if (split)
            {
                recordSplit(result, runs, n);
            }
        }
        return finish(result, n, start, this::shrink);
    }

    /**
     * Whether the run stops at {@code f}: {@code --stop-at-first} names its design, or a prefix of its signature
     * ({@code v8.linearizability}, {@code v8.report.WARN@}).
     */
    private boolean stops(final Finding f)
    {
        final String s = config.stopAtFirst();
        return s != null && (f.design.equals(s) || f.signature().startsWith(s));
    }

    /** Concurrent exploration: each program's last {@code threads} calls run on real threads, every design. */
    public Result exploreConcurrent(final int threads, final Consumer<Progress> progress)
    {
        final Result result = newResult();
        final Budget budget = new Budget(progress);
        final long start = budget.start;
        long n = 0;
        outer:
        for (; !budget.spent(n, result); n++)
        {
            final Concurrent.CProgram cp = Concurrent.generate(config.seed(), n, threads);
            result.calls += cp.prefix().size() + cp.actors().size();
            for (final Design d : run)
            {
                for (final Oracles.Hit hit : Concurrent.judge(cp, d, Concurrent.run(cp, d)))
                {
                    final Finding f = record(result, hit, cp.asProgram(), n, start);
                    if (f != null)
                    {
                        f.threads = threads;
                        if (stops(f))
                        {
                            n++;
                            break outer;
                        }
                    }
                }
            }
        }
        return finish(result, n, start, this::shrinkConcurrent);
    }

    /**
     * Concurrent exploration under Lincheck's model checker ({@link ModelExplorer}): each program's {@code threads}
     * actors after its prefix, at most {@code interleavings} interleavings per program and design. The explorer's
     * own reference is not a suite design and is left out; so are programs whose actors commute or already fail
     * sequentially ({@link Result#skipped}).
     */
    public Result exploreModel(final int threads, final int interleavings, final Consumer<Progress> progress)
    {
        final Result result = newResult();
        result.designs.removeIf(name -> !ModelExplorer.supports(designNamed(name)));
        run.stream().filter(ModelExplorer::supports).findFirst().ifPresent(ModelExplorer::warmUp);
        final Budget budget = new Budget(progress);
        final long start = budget.start;
        long n = 0;
        outer:
        for (; !budget.spent(n, result); n++)
        {
            final Concurrent.CProgram cp = Concurrent.generate(config.seed(), n, threads);
            result.calls += cp.prefix().size() + cp.actors().size();
            for (final Design d : run)
            {
                if (!ModelExplorer.supports(d))
                {
                    continue;
                }
                final ModelExplorer.Outcome o = ModelExplorer.explore(cp, d, interleavings, "s" + config.seed() + "-p" + n);
                if (o.skipped())
                {
                    result.skipped++;
                    continue;
                }
                result.interleavings += o.exploration().invocations();
                if (o.unconfirmedHang())
                {
                    result.unconfirmedHangs++;
                }
                for (final Oracles.Hit hit : o.hits())
                {
                    final Finding f = record(result, hit, cp.asProgram(), n, start);
                    if (f != null)
                    {
                        f.threads = threads;
                        f.interleaving = o.interleaving();
                        f.replay = "./iopt-stress explore --engine model-checker --threads " + threads + " --designs " + d.name()
                            + " --seed " + config.seed() + " --programs " + (n + 1) + " --interleavings " + interleavings;
                        if (stops(f))
                        {
                            n++;
                            break outer;
                        }
                    }
                }
            }
        }
        return finish(result, n, start, f -> shrinkModel(f, interleavings));
    }

    /** An exploration's end: its totals, then every finding minimized by {@code shrink}. */
    private static Result finish(final Result result, final long programs, final long start, final Consumer<Finding> shrink)
    {
        result.programs = programs;
        result.seconds = (System.nanoTime() - start) / 1e9;
        result.findings.values().forEach(shrink);
        return result;
    }

    /** Shrinks a model-checker finding: each candidate is model-checked again (same oracle and key). */
    private void shrinkModel(final Finding f, final int interleavings)
    {
        final long t0 = System.nanoTime();
        final Design design = designNamed(f.design);
        final String[] trace = {f.interleaving};
        f.minimized = new Shrinker(p ->
        {
            if (p.size() <= f.threads)
            {
                return false;
            }
            final ModelExplorer.Outcome o = ModelExplorer.explore(Concurrent.split(p, f.threads), design, interleavings, "shrink");
            for (final Oracles.Hit hit : o.hits())
            {
                if (hit.oracle().equals(f.oracle) && hit.key().equals(f.key))
                {
                    f.minimizedText = hit.text();
                    trace[0] = o.interleaving();
                    return true;
                }
            }
            return false;
        }, config.shrinkNanos()).shrink(f.program);
        f.interleaving = trace[0];
        if (f.minimizedText == null)
        {
            f.minimizedText = f.text;
        }
        f.minimizedCall = f.minimized.size() - f.threads;
        f.shrinkSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** Runs of a candidate before a concurrent finding counts as gone. */
    static final int CONCURRENT_TRIES = 20;

    /** Whether the concurrent program still shows the finding within {@link #CONCURRENT_TRIES} runs. */
    public boolean stillFailsConcurrently(final Finding f, final Program p)
    {
        if (p.size() <= f.threads)
        {
            return false;
        }
        final Design design = designNamed(f.design);
        final Concurrent.CProgram cp = Concurrent.split(p, f.threads);
        for (int i = 0; i < CONCURRENT_TRIES; i++)
        {
            for (final Oracles.Hit hit : Concurrent.judge(cp, design, Concurrent.run(cp, design)))
            {
                if (hit.oracle().equals(f.oracle) && hit.key().equals(f.key))
                {
                    f.minimizedText = hit.text();
                    return true;
                }
            }
        }
        return false;
    }

    private void shrinkConcurrent(final Finding f)
    {
        final long t0 = System.nanoTime();
        final String first = f.text;
        f.minimized = new Shrinker(p -> stillFailsConcurrently(f, p), config.shrinkNanos()).shrink(f.program);
        if (f.minimizedText == null)
        {
            f.minimizedText = first;
        }
        f.minimizedCall = f.minimized.size() - f.threads;
        f.shrinkSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** {@code program} on every design, the reference first. */
    public List<Execution> runAll(final Program program)
    {
        final List<Execution> runs = new ArrayList<>(run.size());
        for (final Design d : run)
        {
            runs.add(Execution.run(program, d, true));
        }
        return runs;
    }

    /** What the oracles flag on {@code program} and is not a recorded difference. */
    public List<Oracles.Hit> findings(final Program program)
    {
        final List<Execution> runs = runAll(program);
        final List<Oracles.Hit> out = new ArrayList<>();
        for (final Oracles.Hit hit : Oracles.judge(runs, runs.get(0)))
        {
            if (config.recorded().reason(hit.design(), hit.oracle(), hit.key()) == null)
            {
                out.add(hit);
            }
        }
        return out;
    }

    /** Groups the designs by their results; one row per grouping and splitting call. */
    private void recordSplit(final Result result, final List<Execution> runs, final long n)
    {
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        int firstDiff = Integer.MAX_VALUE;
        final Execution ref = runs.get(0);
        for (final Execution e : runs)
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.ran; i++)
            {
                sb.append(Oracles.kind(e.results[i])).append(',');
                if (e.results[i] != ref.results[i] && i < firstDiff)
                {
                    firstDiff = i;
                }
            }
            groups.computeIfAbsent(sb.toString(), k -> new ArrayList<>()).add(e.design.name());
        }
        if (groups.size() < 2 || firstDiff == Integer.MAX_VALUE)
        {
            return;
        }
        final StringBuilder key = new StringBuilder();
        for (final List<String> g : groups.values())
        {
            key.append(key.length() == 0 ? "" : " | ").append(String.join(", ", g));
        }
        final String call = ref.program.call(firstDiff).op().uapi;
        result.splits.computeIfAbsent(key + " @ " + call, k -> new Split(key.toString(), call, n)).programs++;
    }

    /** Whether {@code p} still shows the finding: same design, oracle and key. */
    public boolean stillFails(final Finding f, final Program p)
    {
        final Design design = designNamed(f.design);
        final Execution e = Execution.run(p, design, f.oracle.equals("invariant"));
        final boolean needsRef = f.oracle.equals("errno") || f.oracle.equals("state");
        final Execution ref = needsRef ? Execution.run(p, reference, false) : null;
        for (final Oracles.Hit hit : Oracles.judge(needsRef ? List.of(ref, e) : List.of(e), ref))
        {
            if (hit.design().equals(f.design) && hit.oracle().equals(f.oracle) && hit.key().equals(f.key))
            {
                return true;
            }
        }
        return false;
    }

    private Design designNamed(final String name)
    {
        for (final Design d : run)
        {
            if (d.name().equals(name))
            {
                return d;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** Shrinks one finding within the budget, and records where the minimized program fails. */
    public void shrink(final Finding f)
    {
        final long t0 = System.nanoTime();
        final Shrinker shrinker = new Shrinker(p -> stillFails(f, p), config.shrinkNanos());
        f.minimized = shrinker.shrink(f.program);
        f.shrinkSeconds = (System.nanoTime() - t0) / 1e9;
        final Design design = designNamed(f.design);
        final Execution e = Execution.run(f.minimized, design, true);
        final Execution ref = Execution.run(f.minimized, reference, true);
        for (final Oracles.Hit hit : Oracles.judge(List.of(ref, e), ref))
        {
            if (hit.design().equals(f.design) && hit.oracle().equals(f.oracle) && hit.key().equals(f.key))
            {
                f.minimizedCall = hit.call();
                f.minimizedText = hit.text();
                break;
            }
        }
    }
}

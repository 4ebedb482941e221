package org.ioptstress.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ioptstress.bench.CpuTimeProfiler;
import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Mode;
import org.ioptstress.bench.report.Catalog.Run;
import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@code ./iopt-stress bench} runs: each figure's benchmarks with the designs they apply to and the mode's
 * sweep, and each as JMH runs (in default mode one per fork, designs interleaved).
 */
final class BenchPlan
{
    private BenchPlan()
    {
    }

    /** One JMH invocation: a benchmark with its designs and sweep. */
    record Planned(Figure figure, Run run, List<String> designs, List<String> sweep)
    {
        String benchmark()
        {
            return figure.benchmark(run.method());
        }

        String id()
        {
            return figure.id() + "-" + run.method();
        }

        int combinations()
        {
            return Math.max(1, designs.size()) * Math.max(1, sweep.size());
        }
    }

    static List<Planned> plan(final Mode mode, final List<String> designs, final Set<String> only)
    {
        return plan(mode, designs, only, null);
    }

    /**
     * The JMH runs: each figure's benchmarks with the designs they apply to and the mode's sweep (only the values
     * in {@code sweep}, when given; a run left with none is dropped).
     */
    static List<Planned> plan(final Mode mode, final List<String> designs, final Set<String> only,
        final List<String> sweep)
    {
        final List<Planned> plan = new ArrayList<>();
        for (final Figure f : Catalog.FIGURES)
        {
            if (only != null && !only.contains(f.id()))
            {
                continue;
            }
            for (final Run run : f.runs())
            {
                List<String> ds = run.designs();
                if (!ds.isEmpty() && designs != null)
                {
                    final boolean needsInternal = run.on() == Catalog.DesignSet.WITH_INTERNAL_ACCESS;
                    ds = new ArrayList<>();
                    for (final String d : designs)
                    {
                        final Design design = Designs.byName(d);
                        if (!needsInternal || design.hasInternalAccess())
                        {
                            ds.add(d);
                        }
                    }
                    if (ds.isEmpty())
                    {
                        continue;
                    }
                }
                List<String> xs = run.sweepParam() == null ? List.of() : run.sweep(mode);
                if (sweep != null && !xs.isEmpty())
                {
                    xs = xs.stream().filter(sweep::contains).toList();
                    if (xs.isEmpty())
                    {
                        continue;
                    }
                }
                plan.add(new Planned(f, run, ds, xs));
            }
        }
        /* a figure without its measured benchmark (all its designs filtered out) keeps no floor either */
        plan.removeIf(p -> p.run().method().startsWith("floor")
            && plan.stream().noneMatch(q -> q.figure() == p.figure() && !q.run().method().startsWith("floor")));
        return plan;
    }

    /**
     * Forks at sweep value {@code x} (null: unswept) in default mode: the catalog's count for that value
     * ({@link Run#forksAt}), else the class's {@code @Fork}.
     */
    static int forks(final Planned p, final String x)
    {
        final Integer at = p.run().forksAt().get(x == null ? Run.UNSWEPT : x);
        return at != null ? at : forks(p.figure());
    }

    /**
     * The units of progress of a planned benchmark: in default mode its forks (one JMH run each, every design at
     * every sweep value), else its parameter sets (one JMH run).
     */
    static int units(final Planned p, final Mode mode)
    {
        if (mode != Mode.DEFAULT)
        {
            return p.combinations();
        }
        int forks = 0;
        for (final String x : sweepOrNone(p))
        {
            forks += forks(p, x);
        }
        return forks * Math.max(1, p.designs().size());
    }

    /** The @Fork count annotated on a figure's class. */
    static int forks(final Figure f)
    {
        final Fork fork = benchClass(f).getAnnotation(Fork.class);
        return fork == null || fork.value() < 1 ? 1 : fork.value();
    }

    private static Class<?> benchClass(final Figure f)
    {
        try
        {
            return Class.forName(Catalog.PACKAGE + f.benchClass());
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("no benchmark class " + f.benchClass(), ex);
        }
    }

    /**
     * The JMH runs of one planned benchmark, in order. Quick and smoke: one run of every parameter set. Default:
     * for each sweep value, its forks ({@link #forks(Planned, String)}) one JMH run at a time, every design once per fork, in alternating
     * order (a b c, c b a, a b c, ...): the forks of two designs that are compared run next to each other, so a
     * build starting on the machine halfway through loads both sides of a pair, and the designs take turns
     * going first.
     */
    static List<ChainedOptionsBuilder> jmhRuns(final Planned p, final Mode mode)
    {
        final List<ChainedOptionsBuilder> runs = new ArrayList<>();
        if (mode != Mode.DEFAULT)
        {
            final ChainedOptionsBuilder ob = options(p);
            if (!p.designs().isEmpty())
            {
                ob.param("design", p.designs().toArray(new String[0]));
            }
            if (!p.sweep().isEmpty())
            {
                ob.param(p.run().sweepParam(), p.sweep().toArray(new String[0]));
            }
            if (mode == Mode.QUICK)
            {
                ob.forks(1).warmupIterations(3).warmupTime(TimeValue.milliseconds(200)).measurementIterations(5)
                    .measurementTime(TimeValue.milliseconds(200));
            }
            else
            {
                ob.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(50));
            }
            runs.add(ob);
            return runs;
        }
        final List<String> ds = p.designs().isEmpty() ? java.util.Collections.singletonList(null) : p.designs();
        for (final String x : sweepOrNone(p))
        {
            final int forks = forks(p, x);
            for (int k = 0; k < forks; k++)
            {
                final List<String> order = new ArrayList<>(ds);
                if (k % 2 == 1)
                {
                    java.util.Collections.reverse(order);
                }
                for (final String d : order)
                {
                    final ChainedOptionsBuilder ob = options(p).forks(1);
                    if (d != null)
                    {
                        ob.param("design", d);
                    }
                    if (x != null)
                    {
                        ob.param(p.run().sweepParam(), x);
                    }
                    runs.add(ob);
                }
            }
        }
        return runs;
    }

    private static ChainedOptionsBuilder options(final Planned p)
    {
        return new OptionsBuilder()
            .include("^" + p.benchmark().replace(".", "\\.") + "$")
            .addProfiler(GCProfiler.class)
            .addProfiler(CpuTimeProfiler.class)
            .shouldFailOnError(false);
    }

    /** Its sweep values, or a single null when unswept. */
    private static List<String> sweepOrNone(final Planned p)
    {
        return p.sweep().isEmpty() ? java.util.Collections.singletonList(null) : p.sweep();
    }

    /**
     * A default-mode fork's time besides its iterations: the JVM (1 GB heap pre-touched), JMH's link, the fixture's
     * set-up, the profilers, the campaign's JMH run per fork. Session 7's idle pair: 150 forks of 3.5 s of
     * iterations in 15 min 50 s and 15 min 34 s, 6.2-6.3 s a fork.
     */
    static final double FORK_OVERHEAD_SECONDS = 2.8;

    /** The expected wall time of a planned benchmark on the idle machine (2 CPUs). */
    static double seconds(final Planned p, final Mode mode)
    {
        switch (mode)
        {
            case QUICK:
                return 2.8 * p.combinations();
            case SMOKE:
                return 0.3 * p.combinations();
            default:
                return units(p, mode) * (FORK_OVERHEAD_SECONDS + iterationSeconds(p.figure()));
        }
    }

    /** The expected wall time of a plan. */
    static double seconds(final List<Planned> plan, final Mode mode)
    {
        return plan.stream().mapToDouble(p -> seconds(p, mode)).sum();
    }

    /** A fork's warmup and measurement time as annotated on the figure's class. */
    static double iterationSeconds(final Figure f)
    {
        final Class<?> c = benchClass(f);
        final Warmup w = c.getAnnotation(Warmup.class);
        final Measurement m = c.getAnnotation(Measurement.class);
        return (w == null ? 0 : w.iterations() * seconds(w.time(), w.timeUnit()))
            + (m == null ? 0 : m.iterations() * seconds(m.time(), m.timeUnit()));
    }

    private static double seconds(final int time, final java.util.concurrent.TimeUnit unit)
    {
        return unit.toNanos(time) / 1e9;
    }
}

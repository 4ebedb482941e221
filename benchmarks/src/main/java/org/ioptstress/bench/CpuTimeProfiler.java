package org.ioptstress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code cpu.time.norm}: the CPU time of the benchmark's worker threads per operation, i.e. the worker CPU time of
 * the iteration over every operation the workers ran in it (JMH's {@code IterationResultMetaData.getAllOps()}). On
 * an idle machine it equals the score; on a shared one (two CPUs, builds running) it leaves out the time another
 * process held the CPU, which the wall-clock score counts and which changes from minute to minute. Cache and
 * memory-bandwidth interference still count, as they do for {@code perf stat}'s task-clock: noise can only add to
 * it, which is what lets the report score a fork by its fastest iteration.
 *
 * <p>It is not the score scaled by the worker's share of the iteration's wall time (what this profiler did before):
 * the profiler's window is wider than the loop JMH times (thread hand-off before, join after), and on a loaded
 * machine the worker may wait tens of ms there, off the CPU; that made the share, and so the metric, too small by
 * a different amount in each iteration, the one kind of noise that subtracts, and the fastest iteration picked it.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RefusedUnmapBench -prof org.ioptstress.bench.CpuTimeProfiler</pre>
 */
public final class CpuTimeProfiler implements InternalProfiler
{
    /** The secondary metric's name; JMH's JSON prefixes profiler metrics with a middle dot. */
    public static final String METRIC = "cpu.time.norm";
    /** JMH names its worker threads {@code <benchmark>-jmh-worker-<n>} (WorkerThreadFactories). */
    private static final String WORKER = "-jmh-worker-";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long wallStart;
    /** Worker thread id -> its CPU time when the iteration began. */
    private Map<Long, Long> cpuStart = Map.of();

    @Override
    public String getDescription()
    {
        return "CPU time of the benchmark's worker threads per operation (worker CPU time / operations)";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        cpuStart = workerCpuTimes();
        wallStart = System.nanoTime();
    }

    @Override
    @SuppressWarnings("rawtypes") /* InternalProfiler's signature */
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
        final IterationParams iterationParams, final IterationResult result)
    {
        final long wall = System.nanoTime() - wallStart;
        final long cpu = workerCpuTimeSince(cpuStart);
        final Result primary = result.getPrimaryResult();
        final double score = primary.getScore();
        final IterationResultMetaData ops = result.getMetadata();
        if (wall <= 0 || cpu <= 0 || Double.isNaN(score))
        {
            return List.of(); /* thread CPU time unsupported, or no worker ran */
        }
        final double perOp = benchmarkParams.getMode() == Mode.AverageTime && ops != null && ops.getAllOps() > 0
            ? cpuPerOp(cpu, ops.getAllOps(), benchmarkParams.getTimeUnit())
            : score * share(cpu, wall, benchmarkParams.getThreads()); /* other modes: a rate or a sample, scaled */
        return List.of(new ScalarResult(METRIC, perOp, primary.getScoreUnit(), AggregationPolicy.AVG));
    }

    /**
     * Worker CPU time per operation in {@code unit}: {@code cpuNs}, every worker's, over {@code allOps}, the
     * operations of every worker in the window (those of JMH's synchronisation phases included, as their CPU is).
     */
    static double cpuPerOp(final long cpuNs, final long allOps, final TimeUnit unit)
    {
        return (double)cpuNs / allOps / TimeUnit.NANOSECONDS.convert(1, unit);
    }

    /** The share of the window the workers were on a CPU: one worker thread at most 100% of a CPU. */
    static double share(final long cpuNs, final long wallNs, final int threads)
    {
        return Math.min(1.0, (double)cpuNs / wallNs / threads);
    }

    /**
     * The CPU time the live JMH worker threads spent since {@code before} (per thread, so a worker of an earlier
     * benchmark of the same JVM that ends during the iteration, as in-process smoke runs have, takes its time
     * with it instead of making the sum negative; a worker started during the iteration counts from 0), in ns.
     */
    static long workerCpuTimeSince(final Map<Long, Long> before)
    {
        long sum = 0;
        for (final Map.Entry<Long, Long> t : workerCpuTimes().entrySet())
        {
            sum += t.getValue() - before.getOrDefault(t.getKey(), 0L);
        }
        return sum;
    }

    /** The CPU time of every live JMH worker thread of this JVM by thread id, in ns (empty when unsupported). */
    static Map<Long, Long> workerCpuTimes()
    {
        final Map<Long, Long> times = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported())
        {
            return times;
        }
        for (final ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
        {
            if (t != null && t.getThreadName().contains(WORKER))
            {
                final long ns = THREADS.getThreadCpuTime(t.getThreadId());
                if (ns > 0)
                {
                    times.put(t.getThreadId(), ns);
                }
            }
        }
        return times;
    }
}

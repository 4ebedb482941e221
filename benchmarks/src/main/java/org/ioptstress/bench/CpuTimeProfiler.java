package org.ioptstress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code cpu.time.norm}: the iteration's score scaled by the share of its wall time the benchmark's worker
 * threads were on a CPU, i.e. worker CPU time per operation. On an idle machine it equals the score; on a shared
 * one (two CPUs, builds running) it leaves out the time another process held the CPU, which the wall-clock score
 * counts and which changes from minute to minute. Cache and memory-bandwidth interference still count, as they do
 * for {@code perf stat}'s task-clock.
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
        return "CPU time of the benchmark's worker threads per operation (score x worker CPU time / wall time)";
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
        final double score = result.getPrimaryResult().getScore();
        if (wall <= 0 || cpu <= 0 || Double.isNaN(score))
        {
            return List.of(); /* thread CPU time unsupported, or no worker ran */
        }
        /* one worker thread at most 100% of a CPU; threads > 1 (a @Group) sum theirs, per thread on average */
        final double share = Math.min(1.0, (double)cpu / wall / benchmarkParams.getThreads());
        return List.of(new ScalarResult(METRIC, score * share, result.getPrimaryResult().getScoreUnit(),
            AggregationPolicy.AVG));
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

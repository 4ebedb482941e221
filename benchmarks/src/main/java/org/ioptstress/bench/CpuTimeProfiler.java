package org.ioptstress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

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
    private long cpuStart;

    @Override
    public String getDescription()
    {
        return "CPU time of the benchmark's worker threads per operation (score x worker CPU time / wall time)";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        cpuStart = workerCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    @SuppressWarnings("rawtypes") /* InternalProfiler's signature */
    public Collection<? extends Result> afterIteration(final BenchmarkParams benchmarkParams,
        final IterationParams iterationParams, final IterationResult result)
    {
        final long wall = System.nanoTime() - wallStart;
        final long cpu = workerCpuTime() - cpuStart;
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

    /** The CPU time of every live JMH worker thread of this JVM, in ns. */
    static long workerCpuTime()
    {
        if (!THREADS.isThreadCpuTimeSupported())
        {
            return 0;
        }
        long sum = 0;
        for (final ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
        {
            if (t != null && t.getThreadName().contains(WORKER))
            {
                final long ns = THREADS.getThreadCpuTime(t.getThreadId());
                if (ns > 0)
                {
                    sum += ns;
                }
            }
        }
        return sum;
    }
}

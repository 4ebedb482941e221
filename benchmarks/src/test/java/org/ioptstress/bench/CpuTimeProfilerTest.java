package org.ioptstress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.AverageTimeResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.TimeValue;

class CpuTimeProfilerTest
{
    /** An in-process run: a worker of the previous benchmark ends during this iteration. */
    @Test
    void aWorkerThatEndedDuringTheIterationTakesItsTimeWithIt()
    {
        final long goneWorker = Long.MAX_VALUE; /* no live thread has this id */

        final long cpu = CpuTimeProfiler.workerCpuTimeSince(Map.of(goneWorker, 5_000_000_000L));

        assertThat(cpu).isZero(); /* no live worker here; the old sum-of-all went to -5 s and dropped the metric */
    }

    @Test
    void aWorkerCountsOnlyTheTimeSinceTheIterationBegan() throws Exception
    {
        final Thread worker = new Thread(() ->
        {
            final long end = System.nanoTime() + 50_000_000L;
            while (System.nanoTime() < end)
            {
                Thread.onSpinWait();
            }
            try
            {
                Thread.sleep(10_000);
            }
            catch (final InterruptedException ignored)
            {
                /* done */
            }
        }, "Bench.x-jmh-worker-1");
        worker.start();
        Thread.sleep(100);
        final Map<Long, Long> before = CpuTimeProfiler.workerCpuTimes();

        final long since = CpuTimeProfiler.workerCpuTimeSince(before);
        worker.interrupt();
        worker.join();

        assertThat(before).containsKey(worker.getId());
        assertThat(before.get(worker.getId())).isPositive();
        assertThat(since).isLessThan(before.get(worker.getId())); /* the sleeping worker spent ~nothing since */
    }

    /**
     * A loaded machine: the worker ran its loop for 50 ms of CPU but the profiler's window was at least 4x longer
     * (it waited off the CPU before and after its loop). CPU time per operation is still the loop's CPU over its
     * operations; the score scaled by the window's CPU share came out 4x too small.
     */
    @Test
    @SuppressWarnings("rawtypes") /* InternalProfiler's signature */
    void cpuPerOperationIgnoresTimeTheWorkerSpentOffTheCpuInTheWindow() throws Exception
    {
        final long ops = 1_000_000;
        final long[] loopCpu = new long[1];
        final CountDownLatch looped = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread worker = new Thread(() ->
        {
            sleep(75); /* waiting to be scheduled: in the window, off the CPU */
            final ThreadMXBean self = ManagementFactory.getThreadMXBean();
            final long start = self.getCurrentThreadCpuTime();
            while (self.getCurrentThreadCpuTime() - start < 50_000_000L) /* 50 ms of CPU, however loaded the machine */
            {
                Thread.onSpinWait();
            }
            loopCpu[0] = self.getCurrentThreadCpuTime() - start;
            sleep(75); /* waiting for the join */
            looped.countDown();
            await(release); /* alive, as JMH's pooled workers are when the iteration ends */
        }, "Bench.x-jmh-worker-2");
        final CpuTimeProfiler profiler = new CpuTimeProfiler();
        final BenchmarkParams params = params();

        profiler.beforeIteration(params, params.getMeasurement());
        worker.start();
        looped.await();
        final IterationResult iteration = new IterationResult(params, params.getMeasurement(),
            new IterationResultMetaData(ops, ops));
        /* JMH's score: the loop's wall time over its operations, 50 ms on an idle machine */
        iteration.addResult(new AverageTimeResult(ResultRole.PRIMARY, "x", ops, 50_000_000L, TimeUnit.NANOSECONDS));
        final Collection<? extends Result> metrics = profiler.afterIteration(params, params.getMeasurement(), iteration);
        release.countDown();
        worker.join();

        assertThat(metrics).singleElement().satisfies(m ->
        {
            assertThat(m.getLabel()).isEqualTo(CpuTimeProfiler.METRIC);
            /* the worker's CPU over the window (the loop's, plus a little for its start and its sleeps) per op */
            assertThat(m.getScore()).isBetween(0.95 * loopCpu[0] / ops, 1.3 * loopCpu[0] / ops);
        });
    }

    private static BenchmarkParams params()
    {
        final IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.milliseconds(50), 1);
        final IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 1,
            TimeValue.milliseconds(50), 1);
        return new BenchmarkParams("Bench.x", "Bench_x_jmhTest", true, 1, new int[] {1}, List.of(), 1, 0, warmup,
            measurement, Mode.AverageTime, new WorkloadParams(), TimeUnit.NANOSECONDS, 1, "java", List.of(), "17",
            "OpenJDK 64-Bit Server VM", "17", "1.37", TimeValue.minutes(1));
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}

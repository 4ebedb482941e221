package org.ioptstress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

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
}

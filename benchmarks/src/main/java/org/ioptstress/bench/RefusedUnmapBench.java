package org.ioptstress.bench;

import static org.ioptstress.bench.Fixture.PAGE;
import static org.ioptstress.kernel.Errno.EBUSY;

import java.util.concurrent.TimeUnit;

import org.ioptstress.iommufd.IoPagetable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1: an unmap of HW queue memory, refused with -EBUSY. The queue's internal access pins the area;
 * {@code accesses} idle selftest mdevs are attached to the same IOAS. A refusal changes nothing, so every
 * operation finds the same state.
 * <ul>
 * <li>v7: sets prevent_access, drops both rwsems, notify_unmap pre-scans the access list under xa_lock until it
 * meets the internal access, returns -EBUSY, and the unmapper re-takes both rwsems to clear prevent_access;</li>
 * <li>v7-hoisted: the same scan, once, under the unmapper's own locks; refused without dropping them;</li>
 * <li>v8, upstream: {@code area->num_locks != 0}, refused under the locks; no scan.</li>
 * </ul>
 * {@code queueIndex=last} (the default) attaches the queue after the mdevs, so both scans walk all of them:
 * the cost that grows with the access count. baseline is not a design here: it has no internal access, and its
 * unmap of queue memory notifies 100 times, WARNs and leaves prevent_access set (no steady state).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RefusedUnmapBench -prof gc -rf json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
/* many short forks rather than a few long ones: interference comes in episodes of tens of seconds, longer than a
 * fork, and the headline compares each design's fastest fork (bench.report.Stats#fastestForks), so it needs forks
 * outside an episode, not iterations (the campaign runs 10 at the scans' 256 point: bench.report.Catalog); a fork
 * is scored by its fastest iteration in CPU time per operation, which load only adds to. Session 7's idle pair
 * (150 forks of 4 x 500 ms + 15 x 100 ms): the third warmup iteration was as close to the fork's fastest as the
 * fourth (medians 1-7% and 1-6% above it), the fastest iteration fell anywhere in the 15 (no trend), and keeping
 * only the first 10 moved each run's fastest-forks ratios by 0% (median), 2.4% at most */
@Warmup(iterations = 3, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 5, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class RefusedUnmapBench
{
    @State(Scope.Thread)
    public static class Iopt
    {
        @Param({"v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** Idle selftest mdevs on the IOAS besides the HW queue's internal access. */
        @Param({"0", "1", "4", "16", "64", "256"})
        public int accesses;

        /** Where the internal access sits in the access list: "last" (after the mdevs) or "first". */
        @Param({"last"})
        public String queueIndex;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        IoPagetable iopt;
        long iova;
        private String counters;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            iova = Fixture.iovaOf(0);
            fixture.map(0);
            switch (queueIndex)
            {
                case "last":
                    fixture.addMdevs(accesses);
                    fixture.addHwQueue(iova);
                    break;
                case "first":
                    fixture.addHwQueue(iova);
                    fixture.addMdevs(accesses);
                    break;
                default:
                    throw new IllegalArgumentException("queueIndex must be 'first' or 'last': " + queueIndex);
            }
            iopt = fixture.iopt;
            counters = iopt.countersToken();
            if (iopt.unmapIova(iova, PAGE, null) != -EBUSY)
            {
                throw new IllegalStateException(design + ": the unmap of HW queue memory was not refused");
            }
            checkUnchanged();
        }

        void checkUnchanged()
        {
            if (!counters.equals(iopt.countersToken()))
            {
                throw new IllegalStateException(design + ": a refused unmap changed the IOAS: " + counters + " -> "
                    + iopt.countersToken());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            checkUnchanged();
            fixture.close();
        }
    }

    /** The floor: the lock sequence the design's refusal takes (v7: twice, with xa_lock between). */
    @State(Scope.Thread)
    public static class Locks
    {
        @Param({"v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        @Param({"production"})
        public String kernel;

        Fixture fixture;
        LockFloor floor;
        boolean afterNotify;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            floor = new LockFloor(fixture, 0);
            afterNotify = LockFloor.refusesAfterNotify(fixture.design);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            fixture.close();
        }
    }

    /** iopt_unmap_iova() of the queue's page: -EBUSY. */
    @Benchmark
    public int unmap(final Iopt s, final Outcomes outcomes)
    {
        return outcomes.count(s.iopt.unmapIova(s.iova, PAGE, null));
    }

    @Benchmark
    public void floor(final Locks l)
    {
        if (l.afterNotify)
        {
            l.floor.unmapRefusedAfterNotify();
        }
        else
        {
            l.floor.unmapRefusedLocked();
        }
    }
}

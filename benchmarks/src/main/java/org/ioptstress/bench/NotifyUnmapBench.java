package org.ioptstress.bench;

import static org.ioptstress.bench.Fixture.PAGE;

import java.util.concurrent.TimeUnit;

import org.ioptstress.fixture.EmulatedDriver;
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
 * Benchmark 3: the notify path. An emulated device pins the area, the unmap finds num_accesses != 0, sets
 * prevent_access, drops both rwsems and calls notify_unmap, which walks the access list and calls every
 * access's ops->unmap ({@code accesses} idle selftest mdevs first, then the pinning device, whose callback
 * unpins); the retry frees the area, and the op re-maps it. No internal access exists, so no design refuses.
 * v7 adds its pre-scan of the list (under xa_lock, in notify), v7-hoisted its scan under the unmapper's locks on
 * both passes, v8 nothing: the differences ride on a walk every design does.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar NotifyUnmapBench -prof gc -rf json</pre>
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
public class NotifyUnmapBench
{
    @State(Scope.Thread)
    public static class Iopt
    {
        @Param({"baseline", "v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** Idle selftest mdevs attached before the pinning device (their callbacks run on every notify). */
        @Param({"0", "16", "256"})
        public int accesses;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        IoPagetable iopt;
        EmulatedDriver mdev;
        long iova;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            fixture.addMdevs(accesses);
            mdev = fixture.addEmulatedAccess();
            iova = Fixture.iovaOf(0);
            fixture.map(0);
            iopt = fixture.iopt;
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (iopt.areaCount() != 1 || mdev.pinCount() != 0)
            {
                throw new IllegalStateException(design + ": " + iopt.countersToken());
            }
            fixture.close();
        }
    }

    /** The floor: pin's locks, the notified unmap's (both passes, the xa_lock drops, every callback's), map's. */
    @State(Scope.Thread)
    public static class Locks extends FloorLocks
    {
        @Param({"0", "16", "256"})
        public int accesses;

        @Override
        protected int mdevs()
        {
            return accesses;
        }
    }

    /** Pin (iommufd_access_pin_pages()), iopt_unmap_iova() through notify (0, freed), re-map. */
    @Benchmark
    public int unmapPinned(final Iopt s, final Outcomes outcomes)
    {
        final int pinned = s.mdev.pinPage(s.iova);
        if (pinned != 0)
        {
            Fixture.check(pinned, "iommufd_access_pin_pages");
        }
        final int rc = outcomes.count(s.iopt.unmapIova(s.iova, PAGE, null));
        if (s.mdev.pinCount() != 0)
        {
            throw new IllegalStateException(s.design + ": the unmap completed without calling ops->unmap");
        }
        final int mapped = s.iopt.mapUserPages(s.iova, s.fixture.buffer, 0, PAGE, Fixture.PROT_RW);
        if (mapped != 0)
        {
            Fixture.check(mapped, "iopt_map_user_pages");
        }
        return rc;
    }

    @Benchmark
    public void floor(final Locks l)
    {
        l.floor.pinOrUnpin();
        l.floor.unmapNotified();
        l.floor.map();
    }
}

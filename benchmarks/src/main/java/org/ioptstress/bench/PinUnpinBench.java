package org.ioptstress.bench;

import static org.ioptstress.bench.Fixture.PAGE;

import java.util.concurrent.TimeUnit;

import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.iommufd.Access;
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
 * Benchmark 4: iommufd_access_pin_pages() + iommufd_access_unpin_pages() of one page, by an internal access
 * (a HW queue's) and by an emulated device. What v8's counter adds to the pin path: {@code num_locks++} and
 * {@code num_locks--} under pages->mutex, for internal pins only. v7 and v7-hoisted pin exactly as baseline
 * does. baseline has no internal access, so {@link #internal} does not run on it.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PinUnpinBench -prof gc -rf json</pre>
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
public class PinUnpinBench
{
    @State(Scope.Thread)
    public static class Internal
    {
        @Param({"v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        Access access;
        final long[] pfns = new long[1];
        long iova;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            iova = Fixture.iovaOf(0);
            fixture.map(0);
            access = fixture.addInternalAccess();
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            fixture.close();
        }
    }

    @State(Scope.Thread)
    public static class Emulated
    {
        @Param({"baseline", "v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        EmulatedDriver mdev;
        long iova;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            iova = Fixture.iovaOf(0);
            fixture.map(0);
            mdev = fixture.addEmulatedAccess();
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            fixture.close();
        }
    }

    @Benchmark
    public int internal(final Internal s)
    {
        final int rc = s.access.pinPages(s.iova, PAGE, s.pfns, 0);
        if (rc != 0)
        {
            Fixture.check(rc, "iommufd_access_pin_pages");
        }
        s.access.unpinPages(s.iova, PAGE);
        return rc;
    }

    @Benchmark
    public int emulated(final Emulated s)
    {
        final int rc = s.mdev.pinPage(s.iova);
        if (rc != 0)
        {
            Fixture.check(rc, "iommufd_access_pin_pages");
        }
        s.mdev.unpinAll();
        return rc;
    }

    /** The floor: ioas_lock -> iova_rwsem (read) -> pages->mutex, twice (pin, unpin). */
    @Benchmark
    public void floor(final FloorLocks l)
    {
        l.floor.pinOrUnpin();
        l.floor.pinOrUnpin();
    }
}

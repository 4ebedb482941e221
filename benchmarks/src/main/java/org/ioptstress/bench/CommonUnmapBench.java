package org.ioptstress.bench;

import static org.ioptstress.bench.Fixture.PAGE;

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
 * Benchmark 2: what every unmap pays. An unmap of an area nobody pinned (it completes: the area is freed),
 * then the re-map that restores the state, while {@code accesses} idle selftest mdevs are attached to the IOAS
 * and no internal access exists. The area has no accesses, so no design notifies; only v7-hoisted does more
 * than baseline: its access-list scan runs under the unmapper's locks on every unmap, and with no internal
 * access it walks the whole list.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CommonUnmapBench -prof gc -rf json</pre>
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
public class CommonUnmapBench
{
    @State(Scope.Thread)
    public static class Iopt
    {
        @Param({"baseline", "v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** Idle selftest mdevs attached to the IOAS. */
        @Param({"0", "1", "4", "16", "64", "256"})
        public int accesses;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        IoPagetable iopt;
        long iova;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, 1);
            fixture.addMdevs(accesses);
            iova = Fixture.iovaOf(0);
            fixture.map(0);
            iopt = fixture.iopt;
        }

        void remap()
        {
            final int rc = iopt.mapUserPages(iova, fixture.buffer, 0, PAGE, Fixture.PROT_RW);
            if (rc != 0)
            {
                Fixture.check(rc, "iopt_map_user_pages");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (iopt.areaCount() != 1)
            {
                throw new IllegalStateException(design + ": " + iopt.countersToken());
            }
            fixture.close();
        }
    }

    /** iopt_unmap_iova() of the area (0, freed), then iopt_map_user_pages() of it again. */
    @Benchmark
    public int unmapRemap(final Iopt s, final Outcomes outcomes)
    {
        final int rc = outcomes.count(s.iopt.unmapIova(s.iova, PAGE, null));
        s.remap();
        return rc;
    }

    /** The floor: iopt_unmap_iova_range()'s locks for one freed area, then iopt_map_user_pages()'s. */
    @Benchmark
    public void floor(final FloorLocks l)
    {
        l.floor.unmapFree();
        l.floor.map();
    }
}

package org.ioptstress.bench;

import static org.ioptstress.bench.Fixture.PAGE;

import java.util.concurrent.TimeUnit;

import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoPagetable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 5: one unmapper and one pinner on disjoint areas of one IOAS, one thread each (the machine has two
 * CPUs). The unmapper unmaps and re-maps its own area, taking iova_rwsem for write four times per op; the
 * pinner pins and unpins a page of another area under iova_rwsem read, through an internal access (the HW
 * queue case; {@code pinner=emulated} for an mdev). {@code areas} areas stay mapped, the pinner's in the
 * middle: the lookups (area_itree) cost log(areas). The unmapper's area has the highest IOVA: the port keeps
 * area_itree as a sorted array, and at the end an insert or a remove moves nothing, as an rb-tree would not.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ContendedBench -prof gc -rf json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ContendedBench
{
    @State(Scope.Group)
    public static class Iopt
    {
        @Param({"v7", "v7-hoisted", "v8", "upstream"})
        public String design;

        /** Areas that stay mapped (the pinner's is one of them); the unmapper's comes and goes. */
        @Param({"1", "64", "1024"})
        public int areas;

        /** Who pins: "internal" (iommufd_access_create_internal(), a HW queue's) or "emulated" (an mdev). */
        @Param({"internal"})
        public String pinner;

        /** "production" (lockdep off) or "debug" (lockdep on). */
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        IoPagetable iopt;
        long unmapIova;
        long pinIova;
        Access internal;
        EmulatedDriver mdev;
        final long[] pfns = new long[1];

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture(design, kernel, areas + 1);
            for (int i = 0; i <= areas; i++)
            {
                fixture.map(i);
            }
            unmapIova = Fixture.iovaOf(areas);
            pinIova = Fixture.iovaOf(areas / 2);
            switch (pinner)
            {
                case "internal":
                    internal = fixture.addInternalAccess();
                    break;
                case "emulated":
                    mdev = fixture.addEmulatedAccess();
                    break;
                default:
                    throw new IllegalArgumentException("pinner must be 'internal' or 'emulated': " + pinner);
            }
            iopt = fixture.iopt;
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (iopt.areaCount() != areas + 1)
            {
                throw new IllegalStateException(design + ": " + iopt.countersToken());
            }
            fixture.close();
        }
    }

    /** The floor: the same two lock sequences on the same rwsems; each thread has its own pages->mutex. */
    @State(Scope.Group)
    public static class Locks
    {
        @Param({"production"})
        public String kernel;

        Fixture fixture;
        LockFloor unmapper;
        LockFloor pinner;

        @Setup(Level.Trial)
        public void setUp()
        {
            fixture = new Fixture("v8", kernel, 1);
            unmapper = new LockFloor(fixture, 0);
            pinner = new LockFloor(fixture, 0);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            fixture.close();
        }
    }

    /** iopt_unmap_iova() of the unmapper's area (0, freed), then iopt_map_user_pages() of it again. */
    @Benchmark
    @Group("unmapVsPin")
    @GroupThreads(1)
    public int unmap(final Iopt s, final Outcomes outcomes)
    {
        final int rc = outcomes.count(s.iopt.unmapIova(s.unmapIova, PAGE, null));
        final int mapped = s.iopt.mapUserPages(s.unmapIova, s.fixture.buffer, s.areas * PAGE, PAGE, Fixture.PROT_RW);
        if (mapped != 0)
        {
            Fixture.check(mapped, "iopt_map_user_pages");
        }
        return rc;
    }

    /** iommufd_access_pin_pages() + iommufd_access_unpin_pages() of the pinner's page. */
    @Benchmark
    @Group("unmapVsPin")
    @GroupThreads(1)
    public int pin(final Iopt s)
    {
        final int rc;
        if (s.internal != null)
        {
            rc = s.internal.pinPages(s.pinIova, PAGE, s.pfns, 0);
            if (rc == 0)
            {
                s.internal.unpinPages(s.pinIova, PAGE);
            }
        }
        else
        {
            rc = s.mdev.pinPage(s.pinIova);
            if (rc == 0)
            {
                s.mdev.unpinAll();
            }
        }
        if (rc != 0)
        {
            Fixture.check(rc, "iommufd_access_pin_pages");
        }
        return rc;
    }

    @Benchmark
    @Group("floor")
    @GroupThreads(1)
    public void floorUnmap(final Locks l)
    {
        l.unmapper.unmapFree();
        l.unmapper.map();
    }

    @Benchmark
    @Group("floor")
    @GroupThreads(1)
    public void floorPin(final Locks l)
    {
        l.pinner.pinOrUnpin();
        l.pinner.pinOrUnpin();
    }
}

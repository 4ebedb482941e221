package org.ioptstress.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor benchmarks' state: a fixture's lock objects and the {@link LockFloor} over them. The floor has no
 * design logic, so v8's fixture serves every design. A floor whose notify walks selftest mdevs subclasses this
 * with its own {@code @Param} and {@link #mdevs()} (JMH inherits {@code @Param}, {@code @Setup} and
 * {@code @TearDown}).
 */
@State(Scope.Thread)
public class FloorLocks
{
    @Param({"production"})
    public String kernel;

    Fixture fixture;
    LockFloor floor;

    /** Selftest mdevs the floor's notify walks before the pinning access's. */
    protected int mdevs()
    {
        return 0;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = new Fixture("v8", kernel, 1);
        floor = new LockFloor(fixture, mdevs());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        fixture.close();
    }
}

package org.ioptstress.bench;

import static org.ioptstress.kernel.Errno.EBUSY;

import org.ioptstress.kernel.Errno;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each measured unmap ended in, per iteration (JMH sums EVENTS counters over the iteration): completed
 * (rc 0, the area was freed) or refused (-EBUSY, state unchanged). The report prints the refused share next to
 * every score, so a figure can never silently mix the two paths. Any other errno means the benchmark's state
 * is not what it claims, and the benchmark fails.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class Outcomes
{
    public long completed;
    public long refused;

    @Setup(Level.Iteration)
    public void reset()
    {
        completed = 0;
        refused = 0;
    }

    /** Counts an unmap's rc: 0 or -EBUSY; anything else throws. */
    int count(final int rc)
    {
        if (rc == 0)
        {
            completed++;
        }
        else if (rc == -EBUSY)
        {
            refused++;
        }
        else
        {
            throw new IllegalStateException("iopt_unmap_iova() returned " + Errno.name(rc));
        }
        return rc;
    }
}

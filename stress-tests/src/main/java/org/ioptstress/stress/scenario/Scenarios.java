package org.ioptstress.stress.scenario;

import java.util.List;
import java.util.stream.Collectors;

import org.ioptstress.stress.scenario.races.HwQueueDestroyVsUnmapLiveness;
import org.ioptstress.stress.scenario.races.InternalAttachVsUnmap;
import org.ioptstress.stress.scenario.races.InternalPinVsInternalPin;
import org.ioptstress.stress.scenario.races.MapVsUnmapIdentical;
import org.ioptstress.stress.scenario.races.PinVsDetachSameAccess;
import org.ioptstress.stress.scenario.races.UnmapMdevAreaVsHwQueueOtherArea;
import org.ioptstress.stress.scenario.races.UnmapVsAccessReplace;
import org.ioptstress.stress.scenario.races.UnmapVsHwQueueAllocSameArea;
import org.ioptstress.stress.scenario.races.UnmapVsHwQueueTeardown;
import org.ioptstress.stress.scenario.races.UnmapVsInternalPinOtherArea;
import org.ioptstress.stress.scenario.races.UnmapVsInternalPinSameArea;
import org.ioptstress.stress.scenario.races.UnmapVsMdevClose;
import org.ioptstress.stress.scenario.races.UnmapVsMdevCloseDestroyBusy;
import org.ioptstress.stress.scenario.races.UnmapVsMdevCloseVsInternalPin;
import org.ioptstress.stress.scenario.races.UnmapVsUnmapMdevArea;

/**
 * The scenario registry. A new race is one {@link Scenario} subclass in {@code org.ioptstress.stress.scenario.races}
 * plus one line here; the build generates its jcstress tests for every design.
 */
public final class Scenarios
{
    private static final List<Scenario> ALL = List.of(
        new UnmapVsInternalPinSameArea(),
        new UnmapVsInternalPinOtherArea(),
        new UnmapMdevAreaVsHwQueueOtherArea(),
        new UnmapVsMdevClose(),
        new UnmapVsAccessReplace(),
        new UnmapVsHwQueueTeardown(),
        new UnmapVsHwQueueAllocSameArea(),
        new PinVsDetachSameAccess(),
        new InternalAttachVsUnmap(),
        new MapVsUnmapIdentical(),
        new InternalPinVsInternalPin(),
        new UnmapVsUnmapMdevArea(),
        new HwQueueDestroyVsUnmapLiveness(),
        new UnmapVsMdevCloseVsInternalPin(),
        new UnmapVsMdevCloseDestroyBusy());

    private Scenarios()
    {
    }

    /** Every scenario, in report order. Scenarios are immutable and shared. */
    public static List<Scenario> all()
    {
        return ALL;
    }

    public static List<String> ids()
    {
        return ALL.stream().map(Scenario::id).collect(Collectors.toList());
    }

    /** The scenario with this id; IllegalArgumentException listing the known ids otherwise. */
    public static Scenario byId(final String id)
    {
        for (final Scenario s : ALL)
        {
            if (s.id().equals(id))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + String.join(", ", ids()));
    }
}

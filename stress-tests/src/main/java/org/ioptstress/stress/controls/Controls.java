package org.ioptstress.stress.controls;

import java.util.List;

import org.ioptstress.iommufd.Design;

/**
 * The suite's own negative controls: each is {@code upstream-notify-fix} with one deliberate bug, written as a
 * design override exactly like a real patch, for the scenarios no real design fails, and for the detectors no
 * real design trips (a lock-order deadlock, a self-deadlock through a callback, an oops holding locks). They are never candidates;
 * a campaign shows them in the matrix next to the core registry's controls, and a scenario that passes on its
 * control fails the campaign.
 */
public final class Controls
{
    private Controls()
    {
    }

    public static List<Design> all()
    {
        return List.of(new BrokenIoasWideLock(), new BrokenNotifyInvertedSkip(), new BrokenChangeIoasNoUnmap(),
            new BrokenScanLocksAccesses(), new BrokenNotifyUnderIovaRwsem(), new BrokenBugOnAccesses());
    }
}

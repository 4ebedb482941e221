package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.kernel.Errno.EBUSY;

import java.util.concurrent.atomic.AtomicInteger;

import org.ioptstress.design.Designs;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.api.Test;

/**
 * v7's write to a freed area, forced: iopt_unmap_iova_range() drops domains_rwsem and iova_rwsem to notify,
 * iommufd_access_notify_unmap() refuses (-EBUSY: the HW queue's internal access is on the list), and before the
 * unmapper re-takes both rwsems to clear {@code area->prevent_access} the queue is torn down and another unmap
 * frees the area (the window V7_RELOCK_WINDOW names, which unmap-vs-hwqueue-teardown widens).
 */
class V7RelockTest
{
    private static final long X = MOCK_APERTURE_START;

    @Test
    void v7ClearsPreventAccessOfAnAreaFreedWhileItsLocksWereDropped()
    {
        final Fixture f = new Fixture(Designs.byName("v7"));
        final int ioas = f.ioas();
        f.map(ioas, X, 0, P);
        final int queue = f.hwQueue(f.viommu(ioas), 0, X, P);
        final AtomicInteger destroyRc = new AtomicInteger(1);
        final AtomicInteger otherRc = new AtomicInteger(1);
        /* the unmapper holds no lock here: the teardown and the second unmap run to completion inside the window */
        f.kernel.hookDelay(DelayPoint.V7_RELOCK_WINDOW, () ->
        {
            f.kernel.hookDelay(DelayPoint.V7_RELOCK_WINDOW, null);
            destroyRc.set(f.ctx.destroy(queue));
            otherRc.set(f.ctx.ioasUnmap(ioas, X, P));
        });

        assertThat(f.ctx.ioasUnmap(ioas, X, P)).as("notify_unmap()'s -EBUSY").isEqualTo(-EBUSY);
        assertThat(destroyRc.get()).as("the window was reached and the queue torn down").isZero();
        assertThat(otherRc.get()).as("the second unmap freed the area").isZero();
        assertThat(f.kernel.reports().list()).filteredOn(r -> r.kind() == Report.Kind.USE_AFTER_FREE)
            .singleElement().satisfies(r -> assertThat(r.message()).contains("prevent_access"));
        f.closeExpecting("USE_AFTER_FREE");
    }
}

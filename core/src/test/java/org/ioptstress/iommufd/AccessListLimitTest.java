package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.kernel.Errno.EBUSY;

import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/**
 * The access list's limit: iopt_add_access() allocates the access's iopt_access_list_id with xa_limit_16b, so an
 * IOAS holds at most 65536 accesses; the next IOMMU_TEST_OP_CREATE_ACCESS gets xa_alloc()'s -EBUSY, and
 * iommufd_access_create()'s unwind leaves no object, no list entry and no context reference behind.
 *
 * <p>One design: no design changes iopt_add_access(). Costly (each add runs iopt_calculate_iova_alignment() over
 * the whole list, quadratic as in the kernel: ~15 s here), which is why the explorer leaves this edge value to
 * this test.
 */
class AccessListLimitTest
{
    @Test
    void the65537thAccessOfAnIoasIsRefusedWithEbusyAndLeavesNothing()
    {
        final Fixture f = new Fixture(Designs.byName("upstream"));
        final int ioas = f.ioas();
        for (int k = 0; k <= IoPagetable.ACCESS_LIST_LIMIT; k++) /* ids 0..0xffff: just below and at the limit */
        {
            f.mdev(ioas);
        }
        final Fixture.State before = f.state(ioas);

        final int rc = f.ctx.testCreateAccess(ioas, Fixture.NEEDS_PIN); /* just above */

        assertThat(rc).as(Fixture.errno(rc)).isEqualTo(-EBUSY);
        assertThat(f.state(ioas)).isEqualTo(before);
        assertThat(f.iopt(ioas).countersToken()).contains("access_list=65536");
        f.closeClean();
    }
}

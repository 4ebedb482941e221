package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.ioptstress.fixture.Interleavings;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The destroy-busy race, forced (code before the series, every design): iommufd_access_notify_unmap() calls
 * iommufd_lock_obj() under the access list's xa_lock, not ictx->objects', so its users increment can land
 * between iommufd_object_remove()'s {@code refcount_dec(&obj->users)} and {@code refcount_dec_if_one()}. The
 * destroy fails (-EBUSY, WARN in iommufd_object_destroy_user()) and restores wait_cnt, so notify's lock_obj then
 * succeeds; but iommufd_access_destroy() is void, and the selftest driver frees its selftest_access as soon as it
 * returns. The access, left in the table and on the access list, still points at it: notify's ops->unmap is a
 * use-after-free in the driver's callback. At exit the access still holds its iommufd_ctx_get() file reference,
 * so the context is never released (LEAK), and its release-time change_ioas(NULL) never runs.
 */
class DestroyBusyTest
{
    private static final long X = MOCK_APERTURE_START;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void destroyBusyLeavesTheDriverDataFreedUnderTheAccess(final Design design) throws InterruptedException
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, X, 0, 4 * P);
        final int closing = f.mdev(ioas);
        final int other = f.mdev(ioas);
        f.pin(closing, X, P);
        f.pin(other, X, P); /* keeps the area notified after the closing device's release unpinned its item */

        final AtomicInteger unmapRc = new AtomicInteger(1);
        final Thread closer = new Thread(() -> f.ctx.closeFd(closing), "close(access fd)");
        final Thread unmapper = new Thread(() -> unmapRc.set(f.ctx.ioasUnmap(ioas, X, 4 * P)), "IOAS_UNMAP");
        final AtomicBoolean reached = Interleavings.destroyBusy(f.kernel, closer, unmapper);
        unmapper.start();
        unmapper.join();
        closer.join();
        Interleavings.unhook(f.kernel);

        assertThat(reached).as("the interleaving was reached").isTrue();
        assertThat(f.kernel.reports().list()).filteredOn(r -> r.kind() == Report.Kind.WARN)
            .singleElement().satisfies(r -> assertThat(r.message()).startsWith("iommufd_object_destroy_user: iommufd_access"));
        assertThat(f.kernel.reports().list()).filteredOn(r -> r.kind() == Report.Kind.USE_AFTER_FREE)
            .as("notify's ops->unmap(access->data) on the freed selftest_access").isNotEmpty()
            .allSatisfy(r -> assertThat(r.message()).contains("of freed selftest_access"));
        assertThat(unmapRc.get()).as("the other device unpinned, the area went").isZero();
        assertThat(f.ctx.objectCount(ObjType.ACCESS)).as("the access outlived its destroy").isEqualTo(2);
        assertThat(f.ctx.closeFd(other)).isZero();
        f.closeExpecting("WARN+USE_AFTER_FREE+LEAK");
        assertThat(f.kernel.reports().list()).filteredOn(r -> r.kind() == Report.Kind.LEAK)
            .anySatisfy(r -> assertThat(r.message()).startsWith("iommufd_ctx never released"));
    }
}

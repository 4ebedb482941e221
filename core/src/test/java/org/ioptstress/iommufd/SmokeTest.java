package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EEXIST;
import static org.ioptstress.kernel.Errno.EIO;
import static org.ioptstress.kernel.Errno.ENOENT;

import org.ioptstress.design.Designs;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.UserBuffer;
import org.junit.jupiter.api.Test;

class SmokeTest
{
    private static final long P = Kernel.PAGE_SIZE;

    @Test
    void hwQueueOnV8()
    {
        final IommufdCtx ctx = IommufdCtx.open(Designs.byName("v8"));
        final UserBuffer buf = ctx.allocUserBuffer(16);
        final int ioas = ctx.ioasAlloc();
        final int viommu = ctx.viommuAlloc(ioas);
        final long iova = 1L << 24;
        assertThat(ctx.hwQueueAlloc(viommu, 0, iova, P)).isEqualTo(-ENOENT);
        assertThat(ctx.ioasMap(ioas, iova, buf, 0, P)).isZero();
        assertThat(ctx.ioasMap(ioas, iova + P, buf, P, P)).isZero();
        assertThat(ctx.hwQueueAlloc(viommu, 1, iova, P)).isEqualTo(-EIO);
        final int q0 = ctx.hwQueueAlloc(viommu, 0, iova, P);
        assertThat(q0).isPositive();
        assertThat(ctx.hwQueueAlloc(viommu, 0, iova, P)).isEqualTo(-EEXIST);
        assertThat(ctx.ioasUnmap(ioas, iova, P)).isEqualTo(-EBUSY);
        assertThat(ctx.ioasUnmap(ioas, iova + P, P)).isZero();
        final int q1 = ctx.hwQueueAlloc(viommu, 1, iova + P / 2, P / 2);
        assertThat(q1).isPositive();
        assertThat(ctx.destroy(q0)).isEqualTo(-EBUSY);
        assertThat(ctx.destroy(q1)).isZero();
        assertThat(ctx.destroy(q0)).isZero();
        assertThat(ctx.ioasUnmap(ioas, iova, P)).isZero();
        ctx.close();
        assertThat(ctx.reports().list()).isEmpty();
        assertThat(ctx.pinnedPages()).isZero();
    }

    @Test
    void mdevUnmapWhileInternalPinsAnotherArea()
    {
        for (final Design design : Designs.all())
        {
            final IommufdCtx ctx = new IommufdCtx(new Kernel(Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(100)), design);
            final UserBuffer buf = ctx.allocUserBuffer(16);
            final int ioas = ctx.ioasAlloc();
            final int viommu = ctx.viommuAlloc(ioas);
            final long x = 1L << 24;
            final long y = x + 8 * P;
            ctx.ioasMap(ioas, x, buf, 0, 4 * P);
            ctx.ioasMap(ioas, y, buf, 8 * P, 4 * P);
            final int fd = ctx.testCreateAccess(ioas, IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES);
            assertThat(ctx.testAccessPages(fd, x, P, 0)).isZero();
            final int q = ctx.hwQueueAlloc(viommu, 0, y, P);
            final int rc = ctx.ioasUnmap(ioas, x, 4 * P);
            final int destroyRc = ctx.destroy(q);
            ctx.close();
            System.out.printf("%-26s unmap(X)=%-4d destroy(q)=%-4d reports=%s%n", design.name(), rc, destroyRc,
                ctx.reports().kindsToken());
        }
    }
}

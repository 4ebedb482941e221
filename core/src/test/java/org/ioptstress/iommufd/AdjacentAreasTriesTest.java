package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;

import org.ioptstress.design.DesignTraits;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Found by ./iopt-stress explore: since 8602018b, iopt_unmap_iova_range() moves {@code start} past each freed
 * area, so the next adjacent area has {@code area_first == start} and {@code if (area_first != start) tries = 0;}
 * never fires. Every notified area of one unmap then counts towards {@code WARN_ON(tries > 100)}: an unmap of 101
 * adjacent areas, each pinned by an emulated device that unpins when notified, WARNs and fails -EDEADLOCK after
 * unmapping 100 of them. Designs without 8602018b reset {@code tries} at each new area and unmap all 101.
 */
class AdjacentAreasTriesTest
{
    private static final long Q = MOCK_APERTURE_START;

    private static int unmapPinnedAdjacentAreas(final Fixture f, final int areas, final long[] unmapped)
    {
        final int ioas = f.ioas();
        for (int k = 0; k < areas; k++)
        {
            f.map(ioas, Q + k * P, (k % Fixture.BUFFER_PAGES) * P, P);
        }
        final int fd = f.mdev(ioas);
        for (int k = 0; k < areas; k++)
        {
            f.pin(fd, Q + k * P, P);
        }
        final org.agrona.collections.MutableLong out = new org.agrona.collections.MutableLong();
        final int rc = f.ctx.ioasUnmap(ioas, Q, areas * P, out);
        unmapped[0] = out.get();
        return rc;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void aHundredAndOneAdjacentPinnedAreas(final Design design)
    {
        final Fixture f = new Fixture(design);
        final long[] unmapped = new long[1];
        final int rc = unmapPinnedAdjacentAreas(f, 101, unmapped);
        if (DesignTraits.of(design).triesCarryOver())
        {
            assertThat(rc).as(Fixture.errno(rc)).isEqualTo(-Errno.EDEADLOCK);
            assertThat(f.kernel.reports().count(Report.Kind.WARN)).isEqualTo(1);
            assertThat(f.kernel.reports().list().get(0).message()).contains("not completing after 100 notifications");
            /* the 101st area was notified and unpinned, but is still mapped, with prevent_access set for good */
            assertThat(f.iopt(1).areaCount()).isEqualTo(1);
            assertThat(f.iopt(1).areaAt(Q + 100 * P).preventAccess()).isTrue();
            f.closeExpecting("WARN");
        }
        else
        {
            assertThat(rc).as(Fixture.errno(rc)).isZero();
            assertThat(unmapped[0]).isEqualTo(101 * P);
            f.closeClean();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void aHundredAdjacentPinnedAreasStillUnmap(final Design design)
    {
        final Fixture f = new Fixture(design);
        final long[] unmapped = new long[1];
        assertThat(unmapPinnedAdjacentAreas(f, 100, unmapped)).isZero();
        assertThat(unmapped[0]).isEqualTo(100 * P);
        f.closeClean();
    }
}

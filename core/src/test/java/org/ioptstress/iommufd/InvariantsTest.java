package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;

import org.ioptstress.design.Designs;
import org.ioptstress.kernel.Errno;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link Invariants}: a sound state passes on every design, each corrupted counter or flag is named. */
class InvariantsTest
{
    private static final long Q = MOCK_APERTURE_START;

    /** Two IOASes, three areas, a pin across two areas, a replaced access, a vIOMMU with two queues. */
    private static int[] richState(final Fixture f)
    {
        final int ioas = f.ioas();
        final int other = f.ioas();
        f.map(ioas, Q, 0, 2 * P);
        f.map(ioas, Q + 2 * P, 2 * P, 2 * P);
        f.map(ioas, Q + 8 * P, 0, P); /* the same user page as the first area: pinned twice */
        f.map(other, Q, 8 * P, P);
        final int fd = f.mdev(ioas);
        f.pin(fd, Q + P, 2 * P);
        f.pin(fd, Q + P, 2 * P);
        f.pin(fd, Q + 8 * P, P);
        final int moved = f.mdev(ioas);
        assertThat(f.ctx.testAccessReplaceIoas(moved, other)).isZero();
        f.pin(moved, Q, P);
        final int viommu = f.viommu(ioas);
        f.hwQueue(viommu, 0, Q + 3 * P, P);
        f.hwQueue(viommu, 1, Q + 2 * P, P);
        return new int[] {ioas, other, fd, viommu};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void soundStatePasses(final Design design)
    {
        final Fixture f = new Fixture(design);
        assertThat(Invariants.check(f.ctx)).isEmpty();
        final int[] ids = richState(f);
        assertThat(Invariants.check(f.ctx)).isEmpty();
        assertThat(f.ctx.closeFd(ids[2])).isZero();
        assertThat(Invariants.check(f.ctx)).isEmpty();
        f.closeClean();
    }

    @Test
    void corruptedCountersAndFlagsAreNamed()
    {
        final Fixture f = new Fixture(Designs.byName("upstream-notify-fix"));
        final int[] ids = richState(f);
        final IoptArea area = f.area(ids[0], Q);
        area.setNumLocks(area.numLocks() + 1);
        assertThat(Invariants.check(f.ctx)).singleElement().asString()
            .contains("iopt_area[0x1000000..0x1001fff]").contains("num_locks 1").contains("internal accesses hold 0");
        area.setNumLocks(area.numLocks() - 1);

        final IommufdObject viommu = f.ctx.peekObject(ids[3]);
        viommu.users.inc();
        assertThat(Invariants.check(f.ctx)).singleElement().asString()
            .contains("VIOMMU").contains("users 4, expected 3");
        viommu.users.dec();

        area.setPreventAccess(true);
        assertThat(Invariants.check(f.ctx)).singleElement().asString().contains("prevent_access set");
        area.setPreventAccess(false);
        assertThat(Invariants.check(f.ctx)).isEmpty();
        f.closeClean();
    }

    /** v8's leaked notify reference shows at once, as a wait_cnt nobody puts on the queue's internal access. */
    @Test
    void leakedNotifyReferenceIsNamed()
    {
        for (final String name : new String[] {"v8", "upstream-notify-fix"})
        {
            final Fixture f = new Fixture(Designs.byName(name));
            final int ioas = f.ioas();
            f.map(ioas, Q, 0, P);
            f.map(ioas, Q + P, P, P);
            final int viommu = f.viommu(ioas);
            final int queue = f.hwQueue(viommu, 0, Q + P, P);
            final int fd = f.mdev(ioas);
            f.pin(fd, Q, P);
            assertThat(f.ctx.ioasUnmap(ioas, Q, P)).isZero();
            if (name.equals("v8"))
            {
                assertThat(Invariants.check(f.ctx)).anySatisfy(v -> assertThat(v)
                    .contains("internal").contains("wait_cnt 2, expected 1"));
            }
            else
            {
                assertThat(Invariants.check(f.ctx)).isEmpty();
                assertThat(f.ctx.destroy(queue)).isZero();
                f.closeClean();
            }
        }
    }

    /** BASE: the unmap of HW queue memory gives up with WARN + -EDEADLOCK and leaves prevent_access set (R4). */
    @Test
    void preventAccessAfterDeadlockIsKernelBehaviour()
    {
        final Fixture f = new Fixture(Designs.byName("baseline"));
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, P);
        final int viommu = f.viommu(ioas);
        f.hwQueue(viommu, 0, Q, P);
        assertThat(f.ctx.ioasUnmap(ioas, Q, P)).isEqualTo(-Errno.EDEADLOCK);
        assertThat(f.area(ioas, Q).preventAccess()).isTrue();
        assertThat(Invariants.check(f.ctx)).isEmpty();
    }
}

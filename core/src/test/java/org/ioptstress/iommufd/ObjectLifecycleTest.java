package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;

import org.ioptstress.design.Designs;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** main.c: users / wait_cnt, iommufd_object_remove(), iommufd_fops_release(), and KASAN on real objects. */
class ObjectLifecycleTest
{
    private static final long Q = MOCK_APERTURE_START;

    /**
     * iommufd_object_remove(REMOVE_WAIT) that drained wait_cnt but then finds another users reference (one
     * taken without wait_cnt, as _iommufd_object_depend() takes it) fails -EBUSY and must restore the
     * xarray's wait_cnt of 1 (err_xa), so that a later destroy works. iommufd_object_destroy_user() WARNs.
     */
    @Test
    void failedDestroyUserRestoresWaitCnt()
    {
        final Fixture f = new Fixture(Designs.byName("upstream"));
        final int ioas = f.ioas();
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(ioas)).isZero();
        final Access access = mdev.access();
        final int id = access.id();
        access.users.inc(); /* a dependent's reference */

        access.destroy();
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).isEqualTo(1);
        assertThat(f.ctx.peekObject(id)).as("still in the table").isSameAs(access);
        assertThat(access.waitCnt()).as("wait_cnt restored").isEqualTo(1);
        assertThat(access.users()).as("the caller's reference was put").isEqualTo(2);

        access.users.dec(); /* the dependent goes */
        access.users.inc(); /* the driver destroys again, holding its reference as before */
        access.destroy();
        assertThat(f.ctx.peekObject(id)).isNull();
        assertThat(access.isFreed()).isTrue();
        f.closeExpecting("WARN");
    }

    /** fops_release destroys leaves first: queue 1, then queue 0 it depended on, the vIOMMU, then the IOAS. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void closeDestroysADependencyGraphLeavesFirst(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, Q, 0, 2 * P);
        f.hwQueue(viommu, 0, Q, P);
        f.hwQueue(viommu, 1, Q + P, P);
        final int fd = f.mdev(ioas);
        f.pin(fd, Q, 2 * P);
        assertThat(f.ctx.objectCount(ObjType.ANY)).as("IOAS, vIOMMU, two queues and their accesses, the device's")
            .isEqualTo(7);
        final IoPagetable iopt = f.iopt(ioas);
        f.closeClean();
        assertThat(iopt.countersToken()).isEqualTo(Fixture.IDLE);
    }

    /**
     * A stale pointer to a freed iopt_area: KASAN names the field, the struct and the site that touched it;
     * a second kfree() is a double free reported at its caller.
     */
    @Test
    void staleAreaIsReportedWithFieldAndSite()
    {
        final Fixture f = new Fixture(Designs.byName("v8"));
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, P);
        final IoptArea area = f.area(ioas, Q);
        f.unmap(ioas, Q, P);
        assertThat(area.isFreed()).isTrue();

        area.numAccesses();
        final Report uaf = f.kernel.reports().list().get(0);
        assertThat(uaf.kind()).isEqualTo(Report.Kind.USE_AFTER_FREE);
        assertThat(uaf.message()).isEqualTo("slab-use-after-free: num_accesses of freed iopt_area[0x1000000..0x1000fff]");
        assertThat(uaf.site()).startsWith("IoptArea.numAccesses:");

        area.kfree();
        final Report doubleFree = f.kernel.reports().list().get(1);
        assertThat(doubleFree.kind()).isEqualTo(Report.Kind.DOUBLE_FREE);
        assertThat(doubleFree.message()).isEqualTo("double-free of iopt_area[0x1000000..0x1000fff]");
        assertThat(doubleFree.site()).startsWith("ObjectLifecycleTest.staleAreaIsReportedWithFieldAndSite:");
        f.closeExpecting("USE_AFTER_FREE+DOUBLE_FREE");
    }
}

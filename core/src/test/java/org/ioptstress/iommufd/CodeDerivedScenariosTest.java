package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.NEEDS_PIN;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.iommufd.Fixture.WRITE;
import static org.ioptstress.kernel.Errno.EBADFD;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;
import static org.ioptstress.kernel.Errno.EOVERFLOW;
import static org.ioptstress.kernel.Errno.EPERM;

import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.MutableLong;
import org.ioptstress.design.DesignTraits;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Section E of selftest-scenarios.md: behaviour no upstream selftest exercises, derived from device.c and
 * io_pagetable.c, on every design. Windows where a kernel path has dropped its locks (notify_unmap,
 * change_ioas) are entered deterministically from inside the driver's unmap callback, which runs in them.
 */
class CodeDerivedScenariosTest
{
    private static final long Q = MOCK_APERTURE_START;

    /** E1: length 0, iova + length - 1 wrapping, an access never attached, an access inside a replace. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e1PinArgumentsAndDetachedAccess(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int a = f.ioas();
        final int b = f.ioas();
        f.map(a, Q, 0, 4 * P);
        f.map(b, Q, 0, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.pin(Q, P, 0)).as("never attached").isEqualTo(-ENOENT);
        assertThat(mdev.access().attach(a)).isZero();
        assertThat(mdev.pin(Q, 0, 0)).isEqualTo(-EINVAL);
        assertThat(mdev.pin(-P, 2 * P, 0)).isEqualTo(-EOVERFLOW);
        assertThat(mdev.pin(Kernel.ULONG_MAX, Kernel.ULONG_MAX, 0)).isEqualTo(-EOVERFLOW);
        assertThat(mdev.pin(Q, P, 0)).isZero();

        /* change_ioas sets access->ioas = NULL, then calls unmap(0, ULONG_MAX) without ioas_lock */
        final List<Integer> inWindow = new ArrayList<>();
        mdev.inCallback = (d, iova, length) -> inWindow.add(d.access().pinPages(Q, P, null, 0));
        assertThat(mdev.access().replace(b)).isZero();
        assertThat(inWindow).as("pins from inside the replace window").containsExactly(-ENOENT);
        assertThat(f.ctx.pinnedPages()).isZero();

        mdev.inCallback = (d, iova, length) ->
        {
        };
        mdev.access().detach();
        mdev.access().destroy();
        f.closeClean();
    }

    /** E2: a pin that runs into a hole is -ENOENT, and what it pinned in the areas before the hole is undone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e2PinOverHoleRollsBack(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, 2 * P);
        f.map(ioas, Q + 2 * P, 2 * P, 2 * P);
        f.map(ioas, Q + 5 * P, 5 * P, 2 * P); /* a one-page hole at Q + 4P */
        final int fd = f.mdev(ioas);
        final Fixture.State before = f.state(ioas);

        assertThat(f.ctx.testAccessPages(fd, Q, 7 * P, 0)).isEqualTo(-ENOENT);
        assertThat(f.ctx.testAccessPages(fd, Q + P, 3 * P + 1, 0)).isEqualTo(-ENOENT);
        assertThat(f.ctx.testAccessPages(fd, Q + 4 * P, P, 0)).isEqualTo(-ENOENT);
        assertThat(f.state(ioas)).as("two areas pinned then rolled back").isEqualTo(before);

        /* the areas on either side of the hole are contiguous with each other: one pin may span them */
        final int item = f.pin(fd, Q + P, 3 * P);
        assertThat(f.ctx.pinnedPages()).isEqualTo(3);
        assertThat(f.ctx.testDestroyAccessPages(fd, item)).isZero();
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeClean();
    }

    /**
     * E3: a span that does not start page-aligned inside the area is -EINVAL, and so is a pin of an area an
     * unmap is tearing down (prevent_access), tried here from inside the unmapper's notify window.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e3MisalignedPinAndPinDuringUnmap(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(ioas)).isZero();
        assertThat(mdev.pin(Q + 100, 8, 0)).isEqualTo(-EINVAL);
        assertThat(mdev.pin(Q + P / 2, P, 0)).isEqualTo(-EINVAL);
        assertThat(f.iopt(ioas).countersToken()).startsWith("areas=1 num_accesses=0");

        assertThat(mdev.pin(Q, 4 * P, 0)).isZero();
        final List<Integer> inWindow = new ArrayList<>();
        mdev.inCallback = (d, iova, length) -> inWindow.add(d.access().pinPages(Q + P, P, null, 0));
        assertThat(f.unmap(ioas, Q, 4 * P)).isEqualTo(4 * P);
        assertThat(inWindow).as("pin while the area is being unmapped").containsExactly(-EINVAL);

        mdev.access().detach();
        mdev.access().destroy();
        f.closeClean();
    }

    /** E4: check_area_prot(): a write pin needs IOMMU_WRITE, a read pin IOMMU_READ; a failed pin undoes the areas before. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e4PinProtection(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        assertThat(f.ctx.ioasMap(ioas, Q, f.buffer, 0, 2 * P, IommufdCtx.IOAS_MAP_READABLE | IommufdCtx.IOAS_MAP_WRITEABLE))
            .isZero();
        assertThat(f.ctx.ioasMap(ioas, Q + 2 * P, f.buffer, 2 * P, 2 * P, IommufdCtx.IOAS_MAP_READABLE)).isZero();
        assertThat(f.ctx.ioasMap(ioas, Q + 4 * P, f.buffer, 4 * P, 2 * P, IommufdCtx.IOAS_MAP_WRITEABLE)).isZero();
        final int fd = f.mdev(ioas);
        final Fixture.State before = f.state(ioas);

        assertThat(f.ctx.testAccessPages(fd, Q + 2 * P, P, WRITE)).as("write pin, read-only area").isEqualTo(-EPERM);
        assertThat(f.ctx.testAccessPages(fd, Q + P, 2 * P, WRITE)).as("write pin from RW into RO").isEqualTo(-EPERM);
        assertThat(f.ctx.testAccessPages(fd, Q + 4 * P, P, 0)).as("read pin, write-only area").isEqualTo(-EPERM);
        assertThat(f.state(ioas)).isEqualTo(before);

        assertThat(f.pin(fd, Q + P, 2 * P)).as("a read pin across RW and RO").isNotNegative();
        assertThat(f.ctx.testAccessPages(fd, Q + 4 * P, P, WRITE)).as("write pin, write-only area").isNotNegative();
        f.closeClean();
    }

    /** E5: the selftest driver's own guards, checked before any core code runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e5SelftestOpGuards(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, 4 * P);
        final int fd = f.mdev(ioas);
        final int noPin = f.ctx.testCreateAccess(ioas, 0);
        assertThat(noPin).isPositive();
        final Fixture.State before = f.state(ioas);

        assertThat(f.ctx.testCreateAccess(ioas, 2)).isEqualTo(-EOPNOTSUPP);
        assertThat(f.ctx.testAccessPages(fd, Q, 16L * 1024 * 1024 + 1, 0)).as("> 16 MiB").isEqualTo(-ENOMEM);
        assertThat(f.ctx.testAccessPages(fd, Q, P, 2)).as("unknown flag").isEqualTo(-EOPNOTSUPP);
        assertThat(f.ctx.testAccessPages(noPin, Q, P, 0)).as("access without pin_pages").isEqualTo(-EOPNOTSUPP);
        assertThat(f.ctx.testAccessPages(999, Q, P, 0)).isEqualTo(-EBADFD);
        assertThat(f.ctx.testDestroyAccessPages(fd, 0)).as("no item 0 yet").isEqualTo(-ENOENT);
        assertThat(f.state(ioas)).isEqualTo(before);
        f.closeClean();
    }

    /**
     * E6: an unmap whose range touches the area a HW queue pins. Where designs differ: from v8 on num_locks is
     * checked before the partial-range check, so even a partial overlap is -EBUSY; v7 and baseline see a
     * partial overlap first (-ENOENT); a whole-area unmap is -EBUSY except on baseline and broken-no-lock-check
     * (101 notifications, WARN, -EDEADLOCK). Either way areas earlier in the range stay unmapped and
     * io_pagetable reports their bytes (out_unmapped) with the error, except baseline's -EDEADLOCK, which
     * returned directly before b23e09f99977.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e6UnmapTouchingLockedArea(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, Q, 0, 2 * P);
        f.map(ioas, Q + 2 * P, 2 * P, 2 * P);
        final int queue = f.hwQueue(viommu, 0, Q + 2 * P, P);
        final IoPagetable iopt = f.iopt(ioas);

        final Fixture.State before = f.state(ioas);
        assertThat(Errno.name(f.ctx.ioasUnmap(ioas, Q + 2 * P, P))).as("partial unmap of the locked area")
            .isEqualTo(Errno.name(t.queuePartialUnmapRc()));
        /* the first area met decides: the unlocked one before it, partly covered */
        assertThat(f.ctx.ioasUnmap(ioas, Q + P, 2 * P)).as("partial, starting in the area before").isEqualTo(-ENOENT);
        assertThat(f.state(ioas)).isEqualTo(before);

        final MutableLong unmapped = new MutableLong();
        assertThat(Errno.name(iopt.unmapIova(Q, 4 * P, unmapped))).as("both areas")
            .isEqualTo(Errno.name(t.queueUnmapRc()));
        assertThat(unmapped.get()).as("bytes unmapped before the error")
            .isEqualTo(t.queueUnmapDeadlocks() && !t.deadlockReportsUnmapped() ? 0 : 2 * P);
        assertThat(iopt.areaCount()).isEqualTo(1);
        assertThat(iopt.areaAt(Q + 2 * P).preventAccess()).isEqualTo(t.queueUnmapDeadlocks());

        assertThat(f.ctx.destroy(queue)).isZero();
        assertThat(f.unmap(ioas, Q + 2 * P, 2 * P)).isEqualTo(2 * P);
        f.closeExpecting(t.queueUnmapDeadlocks() ? "WARN" : "none");
    }

    /**
     * E7: a driver whose unmap callback never unpins. The unmapper notifies, retries, and after 101
     * notifications WARNs and gives up with -EDEADLOCK, leaving prevent_access set for good (no later pin of the
     * area works, an unmap still does). broken-area-after-unlock brings back the pre-804ca14d
     * {@code WARN_ON(area->num_accesses)} after the first notification instead.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e7UnresponsiveDriverDeadlocks(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(ioas)).isZero();
        assertThat(mdev.pin(Q, P, 0)).isZero();
        mdev.ignoreUnmap = true;

        assertThat(f.ctx.ioasUnmap(ioas, Q, 4 * P)).isEqualTo(-EDEADLOCK);
        assertThat(mdev.unmapCalls).as("notifications").isEqualTo(t.notificationsBeforeDeadlock());
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).isEqualTo(1);
        assertThat(f.iopt(ioas).areaAt(Q).preventAccess()).isTrue();
        assertThat(mdev.access().pinPages(Q + P, P, null, 0)).as("pin after the failed unmap").isEqualTo(-EINVAL);

        mdev.ignoreUnmap = false;
        mdev.unpinAll();
        assertThat(f.unmap(ioas, Q, 4 * P)).isEqualTo(4 * P);
        mdev.access().detach();
        mdev.access().destroy();
        f.closeExpecting("WARN");
    }

    /** E8: an access holds a users reference on its IOAS, so IOMMU_DESTROY of the IOAS is -EBUSY until it goes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e8IoasDestroyWhileAccessAttached(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, Q, 0, 4 * P);
        final int fd = f.mdev(ioas);
        f.pin(fd, Q, P);
        assertThat(f.ctx.destroy(ioas)).isEqualTo(-EBUSY);
        f.map(ioas, Q + 4 * P, 4 * P, 4 * P); /* still a working IOAS */
        assertThat(f.ctx.closeFd(fd)).isZero();

        final int viommu = f.viommu(ioas);
        assertThat(f.ctx.destroy(ioas)).as("the nesting parent's reference").isEqualTo(-EBUSY);
        assertThat(f.ctx.destroy(viommu)).isZero();
        assertThat(f.ctx.destroy(ioas)).as("areas do not block a destroy").isZero();
        f.closeClean();
    }

    /**
     * E9: a replace to the same IOAS is 0 with no unmap callback; anything racing a detach sees the detach's
     * unlocked window: attach is -EBUSY (cur_ioas != ioas_unpin), replace -ENOENT, pin -ENOENT, and unpin
     * still works through ioas_unpin.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e9ReplaceSameIoasAndRacingDetach(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int a = f.ioas();
        final int b = f.ioas();
        f.map(a, Q, 0, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(a)).isZero();
        assertThat(mdev.pin(Q, 2 * P, 0)).isZero();

        assertThat(mdev.access().replace(a)).isZero();
        assertThat(mdev.unmapCalls).isZero();
        assertThat(f.ctx.pinnedPages()).isEqualTo(2);

        final List<String> inWindow = new ArrayList<>();
        mdev.inCallback = (d, iova, length) ->
        {
            inWindow.add("attach " + Errno.name(d.access().attach(b)));
            inWindow.add("replace " + Errno.name(d.access().replace(b)));
            inWindow.add("pin " + Errno.name(d.access().pinPages(Q, P, null, 0)));
        };
        mdev.access().detach();
        assertThat(inWindow).containsExactly("attach -EBUSY", "replace -ENOENT", "pin -ENOENT");
        assertThat(f.ctx.pinnedPages()).as("unpinned through ioas_unpin inside the window").isZero();
        assertThat(mdev.access().ioas()).isNull();
        assertThat(f.iopt(a).countersToken()).endsWith("access_list=0");
        assertThat(f.iopt(b).countersToken()).endsWith("access_list=0");

        mdev.access().destroy();
        f.closeClean();
    }

    /** E10: the HW queue's pages must be physically contiguous (-EFAULT), and its rounding must not wrap (-ERANGE). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void e10HwQueueContiguityAndRange(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        assertThat(f.ctx.ioasMap(ioas, Q, f.ctx.allocUserBuffer(4, true), 0, 4 * P)).isZero();
        final Fixture.State before = f.state(ioas);
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, Q, 2 * P)).as("two fragmented pages").isEqualTo(-Errno.EFAULT);
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, 1, Kernel.ULONG_MAX)).as("offset + length wraps").isEqualTo(-Errno.ERANGE);
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, 0, -P + 2)).as("rounding up wraps").isEqualTo(-Errno.ERANGE);
        assertThat(f.state(ioas)).isEqualTo(before);
        assertThat(f.hwQueue(viommu, 0, Q + P, P)).as("one page is always contiguous").isPositive();
        f.closeClean();
    }

    /** NEEDS_PIN_PAGES raises the IOAS's iova_alignment to PAGE_SIZE while the access is attached. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void pinningAccessRaisesIovaAlignment(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final IoPagetable iopt = f.iopt(ioas);
        assertThat(iopt.iovaAlignment()).isEqualTo(1);
        final int fd = f.mdev(ioas);
        assertThat(iopt.iovaAlignment()).isEqualTo(P);
        assertThat(f.ctx.ioasMap(ioas, Q + 1, f.buffer, 0, P)).isEqualTo(-EINVAL);
        assertThat(f.ctx.closeFd(fd)).isZero();
        assertThat(iopt.iovaAlignment()).isEqualTo(1);
        f.map(ioas, Q + 1, 1, 100);
        assertThat(f.ctx.testCreateAccess(ioas, NEEDS_PIN)).as("an existing sub-page area").isEqualTo(-Errno.EADDRINUSE);
        assertThat(f.ctx.objectCount(ObjType.ACCESS)).isZero();
        assertThat(f.unmap(ioas, Q + 1, 100)).isEqualTo(100);
        f.closeClean();
    }
}

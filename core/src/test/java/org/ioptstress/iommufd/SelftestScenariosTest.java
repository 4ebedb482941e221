package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ioptstress.iommufd.Fixture.BUFFER_PAGES;
import static org.ioptstress.iommufd.Fixture.BUFFER_SIZE;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.kernel.Errno.EBADF;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EEXIST;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.EIO;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;
import static org.ioptstress.kernel.Errno.EOVERFLOW;

import java.util.stream.Stream;

import org.agrona.collections.MutableLong;
import org.ioptstress.design.DesignTraits;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.KernelOops;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The iommufd selftests that apply to the port (selftest-scenarios.md section 3), run on every design.
 * Auto IOVAs are translated to fixed ones; mock domains, IOAS_COPY and MD_CHECK_MAP have no counterpart (the
 * port has no domains), so the steps that need them are left out and say so. Each test ends in teardown:
 * close, then no pins, no objects, nothing in dmesg, unless the design is expected to report.
 */
class SelftestScenariosTest
{
    /** FIXTURE_VARIANT no_domain (base_iova 0) and mock_domain (MOCK_APERTURE_START). */
    static Stream<Arguments> designsAndBases()
    {
        return Fixture.allDesigns().flatMap(d -> Stream.of(Arguments.of(d, 0L), Arguments.of(d, MOCK_APERTURE_START)));
    }

    /** S1 iommufd_ioas.area: no split of an area, overlapping maps refused, unmap-all idempotent. */
    @ParameterizedTest(name = "{0} base={1}")
    @MethodSource("designsAndBases")
    void s1Area(final Design design, final long base)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final IoPagetable iopt = f.iopt(ioas);

        /* 1. Nothing mapped: every unmap is ENOENT (upstream turns iopt's 0 into ENOENT in ioas.c) */
        for (int i = 0; i != 10; i++)
        {
            assertThat(f.ctx.ioasUnmap(ioas, base + i * P, P)).as("unmap of nothing at page %d", i).isEqualTo(-ENOENT);
        }
        /* 2. Ten one-page areas, each unmapped exactly */
        for (int i = 0; i != 10; i++)
        {
            f.map(ioas, base + i * P, 0, P);
        }
        assertThat(iopt.areaCount()).isEqualTo(10);
        for (int i = 0; i != 10; i++)
        {
            assertThat(f.unmap(ioas, base + i * P, P)).as("bytes unmapped").isEqualTo(P);
        }
        assertThat(iopt.areaCount()).isZero();

        /* 3. A two-page area cannot be unmapped one page at a time: no split, the area survives */
        f.map(ioas, base + 16 * P, 0, 2 * P);
        assertThat(f.ctx.ioasUnmap(ioas, base + 16 * P, P)).isEqualTo(-ENOENT);
        assertThat(f.ctx.ioasUnmap(ioas, base + 17 * P, P)).isEqualTo(-ENOENT);
        assertThat(iopt.areaAt(base + 16 * P).length()).isEqualTo(2 * P);

        /* 4. Overlapping fixed maps */
        assertThat(f.ctx.ioasMap(ioas, base + 16 * P, f.buffer, 0, 2 * P)).isEqualTo(-EEXIST);
        assertThat(f.ctx.ioasMap(ioas, base + 16 * P, f.buffer, 0, P)).isEqualTo(-EEXIST);
        assertThat(f.ctx.ioasMap(ioas, base + 17 * P, f.buffer, 0, P)).isEqualTo(-EEXIST);
        assertThat(f.ctx.ioasMap(ioas, base + 15 * P, f.buffer, 0, 2 * P)).isEqualTo(-EEXIST);
        assertThat(f.ctx.ioasMap(ioas, base + 15 * P, f.buffer, 0, 3 * P)).isEqualTo(-EEXIST);
        assertThat(iopt.areaCount()).isEqualTo(1);

        /* 5., 6. Unmap-all removes it; unmap-all of an empty IOAS succeeds too */
        assertThat(f.unmap(ioas, 0, Kernel.ULONG_MAX)).isEqualTo(2 * P);
        assertThat(f.unmap(ioas, 0, Kernel.ULONG_MAX)).isZero();
        assertThat(iopt.countersToken()).isEqualTo(Fixture.IDLE);
        f.closeClean();
    }

    /** S2 iommufd_ioas.unmap_fully_contained_areas: holes are fine, partly covered areas are not. */
    @ParameterizedTest(name = "{0} base={1}")
    @MethodSource("designsAndBases")
    void s2UnmapFullyContainedAreas(final Design design, final long base0)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final long base = base0 + 4 * P;
        for (int i = 0; i != 4; i++)
        {
            f.map(ioas, base + i * 16 * P, 0, 8 * P);
        }
        /* a gap plus the first half of area 0; the second half of area 3 plus what follows */
        assertThat(f.ctx.ioasUnmap(ioas, base - 4 * P, 8 * P)).isEqualTo(-ENOENT);
        assertThat(f.ctx.ioasUnmap(ioas, base + 3 * 16 * P + 4 * P, 8 * P)).isEqualTo(-ENOENT);
        assertThat(f.iopt(ioas).areaCount()).isEqualTo(4);

        /* a superset of all four areas and the gaps: only mapped bytes are counted */
        assertThat(f.unmap(ioas, base - 4 * P, 60 * P)).isEqualTo(32 * P);
        assertThat(f.iopt(ioas).countersToken()).isEqualTo(Fixture.IDLE);
        f.closeClean();
    }

    /**
     * S10 iommufd_ioas.access_pin, for 1..15 pages: a single pin, two pins of one range sharing one
     * iopt_pages_access (users = 2), then unmap once no pin is left. Step 4 (a mock domain added while pinned,
     * MD_CHECK_MAP) has no counterpart: the port has no domains.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s10AccessPin(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int fd = f.mdev(ioas);
        final IoPagetable iopt = f.iopt(ioas);
        for (int npages = 1; npages != BUFFER_PAGES; npages++)
        {
            f.map(ioas, MOCK_APERTURE_START, 0, BUFFER_SIZE);
            final IoptArea area = iopt.areaAt(MOCK_APERTURE_START);

            final int single = f.pin(fd, MOCK_APERTURE_START, npages * P);
            assertThat(f.ctx.pinnedPages()).as("%d pages pinned", npages).isEqualTo(npages);
            assertThat(area.numAccesses()).isEqualTo(1);
            assertThat(f.ctx.testDestroyAccessPages(fd, single)).isZero();
            assertThat(f.ctx.pinnedPages()).isZero();

            final int first = f.pin(fd, MOCK_APERTURE_START, npages * P);
            final int second = f.pin(fd, MOCK_APERTURE_START, npages * P);
            assertThat(second).as("item ids are distinct").isNotEqualTo(first);
            assertThat(area.numAccesses()).isEqualTo(2);
            assertThat(area.pages().accessRecords()).as("identical ranges share one iopt_pages_access").isEqualTo(1);
            assertThat(f.ctx.pinnedPages()).as("a page pinned by two users is pinned once").isEqualTo(npages);
            assertThat(f.ctx.testDestroyAccessPages(fd, second)).isZero();
            assertThat(f.ctx.pinnedPages()).isEqualTo(npages);
            assertThat(f.ctx.testDestroyAccessPages(fd, first)).isZero();
            assertThat(area.pages().accessRecords()).isZero();

            assertThat(f.unmap(ioas, MOCK_APERTURE_START, BUFFER_SIZE)).isEqualTo(BUFFER_SIZE);
            assertThat(iopt.countersToken()).isEqualTo("areas=0 num_accesses=0 num_locks=0 prevent_access=0 access_list=1");
        }
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeClean();
    }

    /** S11 iommufd_ioas.access_pin_unmap: the unmap notifies the driver, which drops its item, then succeeds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s11AccessPinUnmap(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, MOCK_APERTURE_START, 0, BUFFER_SIZE);
        final int fd = f.mdev(ioas);
        final int item = f.pin(fd, MOCK_APERTURE_START, BUFFER_SIZE);
        assertThat(f.ctx.pinnedPages()).isEqualTo(BUFFER_PAGES);

        assertThat(f.unmap(ioas, MOCK_APERTURE_START, BUFFER_SIZE)).isEqualTo(BUFFER_SIZE);
        assertThat(f.ctx.pinnedPages()).isZero();
        assertThat(f.ctx.testDestroyAccessPages(fd, item)).as("the driver already removed the item").isEqualTo(-ENOENT);
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeClean();
    }

    /**
     * S15 iommufd_mock_domain.user_copy without the copies: replace A -> B while pinned in A unpins through
     * unmap(0, ULONG_MAX), after which A can be destroyed and pins go to B. IOAS_COPY into the fixture's
     * domains is not modelled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s15AccessReplaceWhilePinned(final Design design)
    {
        final Fixture f = new Fixture(design);
        final long s = MOCK_APERTURE_START;
        final long s2 = MOCK_APERTURE_START + 4 * BUFFER_SIZE; /* the auto IOVA of B, somewhere else */
        final int a = f.ioas();
        f.map(a, s, 0, BUFFER_SIZE);
        final int fd = f.mdev(a);
        final int i1 = f.pin(fd, s, BUFFER_SIZE);

        final int b = f.ioas();
        f.map(b, s2, 0, BUFFER_SIZE);
        assertThat(f.ctx.testAccessReplaceIoas(fd, b)).isZero();
        assertThat(f.ctx.pinnedPages()).as("replace unpinned i1 through unmap(0, ULONG_MAX)").isZero();
        assertThat(f.iopt(a).countersToken()).isEqualTo("areas=1 num_accesses=0 num_locks=0 prevent_access=0 access_list=0");
        assertThat(f.iopt(b).countersToken()).isEqualTo("areas=1 num_accesses=0 num_locks=0 prevent_access=0 access_list=1");

        assertThat(f.ctx.destroy(a)).as("the access no longer holds A").isZero();
        final int i2 = f.pin(fd, s2, BUFFER_SIZE);
        assertThat(f.ctx.pinnedPages()).isEqualTo(BUFFER_PAGES);
        assertThat(f.ctx.testDestroyAccessPages(fd, i1)).as("i1 went with the replace").isEqualTo(-ENOENT);
        assertThat(f.ctx.testDestroyAccessPages(fd, i2)).isZero();
        assertThat(f.ctx.closeFd(fd)).isZero();
        assertThat(f.ctx.destroy(b)).isZero();
        f.closeClean();
    }

    /**
     * S16: closing an access fd with items still pinned unpins them all (unmap(0, ULONG_MAX)) and destroys the
     * access; a process exiting with such an fd open leaves nothing behind either.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s16AccessDestroyWhilePinned(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, MOCK_APERTURE_START, 0, 8 * P);
        f.map(ioas, MOCK_APERTURE_START + 8 * P, 8 * P, 8 * P);
        final int fd = f.mdev(ioas);
        f.pin(fd, MOCK_APERTURE_START, 2 * P);
        f.pin(fd, MOCK_APERTURE_START + P, 8 * P); /* overlaps the first and spans both areas */
        f.pin(fd, MOCK_APERTURE_START + 12 * P, P);
        assertThat(f.ctx.pinnedPages()).isEqualTo(10);

        assertThat(f.ctx.closeFd(fd)).isZero();
        assertThat(f.ctx.pinnedPages()).isZero();
        assertThat(f.ctx.objectCount(ObjType.ACCESS)).isZero();
        assertThat(f.iopt(ioas).countersToken())
            .isEqualTo("areas=2 num_accesses=0 num_locks=0 prevent_access=0 access_list=0");

        /* the fixture teardown path: the fd is still open, with pins, when the process exits */
        final int fd2 = f.mdev(ioas);
        f.pin(fd2, MOCK_APERTURE_START, 16 * P);
        assertThat(f.ctx.pinnedPages()).isEqualTo(16);
        f.closeClean();
        assertThat(f.ctx.closeFd(fd2)).as("closed by the exit").isEqualTo(-EBADF);
    }

    /**
     * S18 iommufd_viommu.hw_queue. Where designs differ (step 10): baseline pins the queue through an ordinary
     * access whose unmap callback cannot unpin, and broken-no-lock-check never reads num_locks, so both notify
     * 101 times, WARN and return -EDEADLOCK, leaving prevent_access set; the queue-1 pin of step 12 is then
     * refused (-EINVAL) and the test goes on with queue 0 alone. num_locks is only counted from v8 on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s18HwQueue(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        final IoPagetable iopt = f.iopt(ioas);
        final long iova = MOCK_APERTURE_START;
        final long iova2 = iova + P;

        /* 1.-3. argument checks of the ioctl */
        assertThat(f.ctx.hwQueueAlloc(viommu, HwQueue.TYPE_DEFAULT, 0, iova, P, 0)).isEqualTo(-EOPNOTSUPP);
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, iova, 0)).isEqualTo(-EINVAL);
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, ~0L, P)).isEqualTo(-EOVERFLOW);
        /* 4. nothing mapped: the pin hits a hole, no queue and no access are left */
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, iova, P)).isEqualTo(-ENOENT);
        assertThat(f.ctx.objectCount(ObjType.HW_QUEUE) + f.ctx.objectCount(ObjType.ACCESS)).isZero();

        /* 5. two one-page areas */
        f.map(ioas, iova, 0, P);
        f.map(ioas, iova2, P, P);
        /* 6., 7. the driver refuses after the core pinned (and locked) the page: the abort must undo both */
        assertThat(f.ctx.hwQueueAlloc(viommu, 1, iova, P)).as("index 1 before 0").isEqualTo(-EIO);
        assertThat(f.ctx.hwQueueAlloc(viommu, Viommu.HW_QUEUE_MAX, iova, P)).isEqualTo(-EINVAL);
        assertThat(iopt.countersToken()).isEqualTo("areas=2 num_accesses=0 num_locks=0 prevent_access=0 access_list=0");
        assertThat(f.ctx.pinnedPages()).isZero();

        /* 8. queue 0 locks the area */
        final int q0 = f.hwQueue(viommu, 0, iova, P);
        final IoptArea area = iopt.areaAt(iova);
        assertThat(area.numAccesses()).isEqualTo(1);
        assertThat(area.numLocks()).as("num_locks (counted from v8 on)").isEqualTo(t.numLocks() ? 1 : 0);
        assertThat(f.ctx.pinnedPages()).isEqualTo(1);
        /* 9. duplicate index: this attempt's pin and lock are rolled back too */
        final String locked = iopt.countersToken();
        assertThat(f.ctx.hwQueueAlloc(viommu, 0, iova, P)).isEqualTo(-EEXIST);
        assertThat(iopt.countersToken()).isEqualTo(locked);

        /* 10. unmap of the queue's memory */
        assertThat(f.ctx.ioasUnmap(ioas, iova, P)).as("unmap of HW queue memory").isEqualTo(t.queueUnmapRc());
        assertThat(iopt.areaAt(iova)).as("the area is unchanged").isSameAs(area);
        assertThat(area.preventAccess()).as("prevent_access left set").isEqualTo(t.queueUnmapDeadlocks());
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).isEqualTo(t.queueUnmapDeadlocks() ? 1 : 0);
        /* 11. a different, unpinned area */
        assertThat(f.unmap(ioas, iova2, P)).isEqualTo(P);

        /* 12. queue 1 over the same page, unaligned: the core pins the same aligned page */
        if (t.queueUnmapDeadlocks())
        {
            assertThat(f.ctx.hwQueueAlloc(viommu, 1, iova + P / 2, P / 2)).as("pin of a prevent_access area")
                .isEqualTo(-EINVAL);
        }
        else
        {
            final int q1 = f.hwQueue(viommu, 1, iova + P / 2, P / 2);
            assertThat(area.numAccesses()).isEqualTo(2);
            assertThat(area.numLocks()).isEqualTo(t.numLocks() ? 2 : 0);
            assertThat(area.pages().accessRecords()).as("one iopt_pages_access, users = 2").isEqualTo(1);
            assertThat(f.ctx.pinnedPages()).isEqualTo(1);
            /* 13. queue 1 depends on queue 0 */
            assertThat(f.ctx.destroy(q0)).isEqualTo(-EBUSY);
            /* 14. */
            assertThat(f.ctx.destroy(q1)).isZero();
        }
        assertThat(f.ctx.destroy(q0)).isZero();
        assertThat(iopt.countersToken()).startsWith("areas=1 num_accesses=0 num_locks=0");
        assertThat(f.ctx.pinnedPages()).isZero();
        /* 15. now it can be unmapped */
        assertThat(f.unmap(ioas, iova, P)).isEqualTo(P);
        f.closeExpecting(t.queueUnmapDeadlocks() ? "WARN" : "none");
    }

    /**
     * S20, part 1: change_ioas never calls ops->unmap of an internal access (it has no ops; BASE's
     * {@code if (access->ops->unmap)} would oops). An internal access has no {@code access->ictx} either, so it
     * can move only by detach + attach_internal: iommufd_access_replace() would dereference NULL. Baseline has
     * no internal access at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s20ChangeIoasSkipsInternalAccess(final Design design)
    {
        final Fixture f = new Fixture(design);
        if (!design.hasInternalAccess())
        {
            assertThatThrownBy(() -> Access.createInternal(f.ctx)).isInstanceOf(UnsupportedOperationException.class);
            f.closeClean();
            return;
        }
        final int a = f.ioas();
        final int b = f.ioas();
        f.map(a, MOCK_APERTURE_START, 0, 4 * P);
        final Access internal = Access.createInternal(f.ctx);
        assertThat(internal.isInternal()).isTrue();
        final Ioas ioasA = f.ctx.getIoas(a);
        assertThat(internal.attachInternal(ioasA)).isZero();
        f.ctx.putObject(ioasA);

        assertThat(internal.pinPages(MOCK_APERTURE_START, 2 * P, new long[2], 0)).isZero();
        internal.unpinPages(MOCK_APERTURE_START, 2 * P);
        internal.detach(); /* change_ioas(NULL) from a */
        assertThat(f.iopt(a).countersToken()).endsWith("access_list=0");
        final Ioas ioasB = f.ctx.getIoas(b);
        assertThat(internal.attachInternal(ioasB)).isZero();
        f.ctx.putObject(ioasB);
        assertThat(internal.ioas().id()).isEqualTo(b);
        /* iommufd_access_replace() looks the IOAS up through access->ictx, NULL here: the kernel oopses */
        assertThat(Fixture.onOwnTask(() -> internal.replace(a))).isInstanceOf(KernelOops.class)
            .hasMessageStartingWith("null-ptr-deref: access->ictx in iommufd_access_change_ioas_id()");
        assertThat(internal.ioas().id()).isEqualTo(b);
        /* the dead task holds access->ioas_lock for good: the access can no longer be detached or destroyed */
        assertThat(f.kernel.reports().kindsToken()).isEqualTo("NULL_DEREF");
    }

    /**
     * S20, part 2: iommufd_access_notify_unmap() skips internal accesses, so unmapping an area that only an
     * emulated device pins must not call into the internal access that pins another area of the same IOAS.
     * Where designs differ: v7 and v7-hoisted refuse the (legal) unmap with -EBUSY and never call the device
     * back; v8 and upstream succeed, but skip the internal access only after iommufd_lock_obj() took a
     * users/wait_cnt reference that nothing puts, so its destroy waits for wait_cnt, gives up (HUNG_TASK, WARN)
     * and the access is still there at close (WARN from fops_release, LEAK). upstream-notify-fix checks
     * is_internal before lock_obj and is clean.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void s20NotifyUnmapSkipsInternalAccess(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        if (!design.hasInternalAccess())
        {
            f.closeClean();
            return;
        }
        final long x = MOCK_APERTURE_START;
        final long y = MOCK_APERTURE_START + 8 * P;
        final int ioas = f.ioas();
        f.map(ioas, x, 0, 4 * P);
        f.map(ioas, y, 8 * P, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(ioas)).isZero();
        assertThat(mdev.pin(x, P, 0)).isZero();
        final Access internal = Access.createInternal(f.ctx);
        final Ioas ioasObj = f.ctx.getIoas(ioas);
        assertThat(internal.attachInternal(ioasObj)).isZero();
        f.ctx.putObject(ioasObj);
        assertThat(internal.pinPages(y, P, null, 0)).isZero();

        final int rc = f.ctx.ioasUnmap(ioas, x, 4 * P);
        assertThat(f.kernel.reports().count(Report.Kind.NULL_DEREF)).as("ops->unmap of the internal access").isZero();
        if (t.overRejects())
        {
            assertThat(rc).as("legal unmap refused per IOAS").isEqualTo(-EBUSY);
            assertThat(mdev.unmapCalls).as("v7 bails before any callback").isZero();
            assertThat(f.iopt(ioas).areaAt(x).preventAccess()).as("cleared again after the relock").isFalse();
            mdev.unpinAll();
        }
        else
        {
            assertThat(rc).isZero();
            assertThat(mdev.unmapCalls).isEqualTo(1);
        }
        /* the reference notify_unmap took on the internal access: users 2 + 1 and wait_cnt 1 + 1 when leaked */
        assertThat(internal.users()).as("internal access users").isEqualTo(t.leaksNotifyRef() ? 3 : 2);
        assertThat(internal.waitCnt()).as("internal access wait_cnt").isEqualTo(t.leaksNotifyRef() ? 2 : 1);

        internal.unpinPages(y, P);
        internal.detach();
        Access.destroyInternal(f.ctx, internal);
        mdev.access().detach();
        mdev.access().destroy();
        if (t.leaksNotifyRef())
        {
            assertThat(f.kernel.reports().count(Report.Kind.HUNG_TASK)).as("destroy waited on wait_cnt").isEqualTo(1);
            assertThat(f.ctx.objectCount(ObjType.ACCESS)).as("the internal access could not be destroyed").isEqualTo(1);
            f.closeExpecting("WARN+LEAK+HUNG_TASK");
        }
        else
        {
            f.closeClean();
        }
    }

    /** IOAS_UNMAP writes the bytes unmapped only on success. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void unmapLengthIsWrittenOnlyOnSuccess(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, MOCK_APERTURE_START, 0, 2 * P);
        final MutableLong out = new MutableLong(42);
        assertThat(f.ctx.ioasUnmap(ioas, MOCK_APERTURE_START, P, out)).isEqualTo(-ENOENT);
        assertThat(out.get()).isEqualTo(42);
        assertThat(f.ctx.ioasUnmap(ioas, MOCK_APERTURE_START, 2 * P, out)).isZero();
        assertThat(out.get()).isEqualTo(2 * P);
        f.closeClean();
    }
}

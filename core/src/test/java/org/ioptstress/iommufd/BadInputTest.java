package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.iommufd.Fixture.WRITE;
import static org.ioptstress.kernel.Errno.EADDRINUSE;
import static org.ioptstress.kernel.Errno.EBADF;
import static org.ioptstress.kernel.Errno.EBADFD;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EEXIST;
import static org.ioptstress.kernel.Errno.EFAULT;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.EIO;
import static org.ioptstress.kernel.Errno.ENOENT;
import static org.ioptstress.kernel.Errno.ENOMEM;
import static org.ioptstress.kernel.Errno.EOPNOTSUPP;
import static org.ioptstress.kernel.Errno.EOVERFLOW;
import static org.ioptstress.kernel.Errno.EPERM;
import static org.ioptstress.kernel.Errno.ERANGE;
import static org.ioptstress.kernel.Kernel.ULONG_MAX;

import java.util.function.IntSupplier;

import org.agrona.collections.MutableLong;
import org.ioptstress.design.DesignTraits;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on every public operation, on every design: the kernel's errno, and nothing changed (areas and
 * their counters per IOAS, objects, pinned pages, dmesg). The world every case runs against:
 * <pre>
 * IOAS a: X [Q, Q+4P) RW   Z [Q+4P, Q+6P) RO   hole   Y [Q+8P, Q+12P) RW, HW queue 0 pins its first page
 *         an access (fd) with NEEDS_PIN_PAGES pins [Q, Q+2P); a vIOMMU on a
 * IOAS b: empty, an access without pin support (noPinFd), a closed access fd
 * IOAS c: one sub-page area [Q+1, Q+101) (no pinning access can attach)
 * </pre>
 */
class BadInputTest
{
    private static final long Q = MOCK_APERTURE_START;
    private static final int RW = IommufdCtx.IOAS_MAP_READABLE | IommufdCtx.IOAS_MAP_WRITEABLE;

    private static final class World
    {
        final Fixture f;
        final IommufdCtx ctx;
        final int a;
        final int b;
        final int c;
        final int fd;
        final int item;
        final int noPinFd;
        final int closedFd;
        final int viommu;
        final int queue;

        World(final Design design)
        {
            f = new Fixture(design);
            ctx = f.ctx;
            a = f.ioas();
            b = f.ioas();
            c = f.ioas();
            f.map(a, Q, 0, 4 * P);
            assertThat(ctx.ioasMap(a, Q + 4 * P, f.buffer, 4 * P, 2 * P, IommufdCtx.IOAS_MAP_READABLE)).isZero();
            f.map(a, Q + 8 * P, 8 * P, 4 * P);
            f.map(c, Q + 1, 1, 100);
            fd = f.mdev(a);
            item = f.pin(fd, Q, 2 * P);
            noPinFd = ctx.testCreateAccess(b, 0);
            assertThat(noPinFd).isPositive();
            closedFd = f.mdev(b);
            assertThat(ctx.closeFd(closedFd)).isZero();
            viommu = f.viommu(a);
            queue = f.hwQueue(viommu, 0, Q + 8 * P, P);
        }

        Fixture.State state()
        {
            return f.state(a, b, c);
        }

        /** The call returns expectedRc (a negative errno) and leaves everything as it was. */
        void rejects(final String what, final IntSupplier call, final int expectedRc)
        {
            final Fixture.State before = state();
            final int rc = call.getAsInt();
            assertThat(Errno.name(rc)).as("%s on %s", what, f.design).isEqualTo(Errno.name(expectedRc));
            assertThat(state()).as("state after %s on %s", what, f.design).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void ioasMap(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        final long free = Q + 16 * P;
        w.rejects("length 0", () -> ctx.ioasMap(w.a, free, w.f.buffer, 0, 0, RW), -EINVAL);
        w.rejects("unknown flag", () -> ctx.ioasMap(w.a, free, w.f.buffer, 0, P, RW | 8), -EOPNOTSUPP);
        w.rejects("neither READABLE nor WRITEABLE",
            () -> ctx.ioasMap(w.a, free, w.f.buffer, 0, P, IommufdCtx.IOAS_MAP_FIXED_IOVA), -EINVAL);
        w.rejects("iova ULONG_MAX", () -> ctx.ioasMap(w.a, ULONG_MAX, w.f.buffer, 0, P), -EOVERFLOW);
        w.rejects("length ULONG_MAX", () -> ctx.ioasMap(w.a, free, w.f.buffer, 0, ULONG_MAX), -EOVERFLOW);
        w.rejects("iova + length - 1 wraps", () -> ctx.ioasMap(w.a, -P, w.f.buffer, 0, 2 * P), -EOVERFLOW);
        w.rejects("uptr + length wraps", () -> ctx.ioasMap(w.a, free, w.f.buffer, -P, 2 * P), -EOVERFLOW);
        w.rejects("past the end of the buffer", () -> ctx.ioasMap(w.a, free, w.f.buffer, 15 * P, 2 * P), -EFAULT);
        w.rejects("iova unaligned (PAGE_SIZE access)", () -> ctx.ioasMap(w.a, free + 1, w.f.buffer, 0, P), -EINVAL);
        w.rejects("length unaligned", () -> ctx.ioasMap(w.a, free, w.f.buffer, 0, P + 1), -EINVAL);
        w.rejects("uptr unaligned", () -> ctx.ioasMap(w.a, free, w.f.buffer, 1, P), -EINVAL);
        w.rejects("overlaps X", () -> ctx.ioasMap(w.a, Q + 2 * P, w.f.buffer, 0, 4 * P), -EEXIST);
        w.rejects("overlaps Y from below", () -> ctx.ioasMap(w.a, Q + 6 * P, w.f.buffer, 0, 3 * P), -EEXIST);
        w.rejects("no such IOAS", () -> ctx.ioasMap(999, free, w.f.buffer, 0, P), -ENOENT);
        w.rejects("id 0", () -> ctx.ioasMap(0, free, w.f.buffer, 0, P), -ENOENT);
        w.rejects("negative id", () -> ctx.ioasMap(-1, free, w.f.buffer, 0, P), -ENOENT);
        w.rejects("a vIOMMU id", () -> ctx.ioasMap(w.viommu, free, w.f.buffer, 0, P), -ENOENT);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void ioasUnmap(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        w.rejects("length 0", () -> ctx.ioasUnmap(w.a, Q, 0), -EINVAL);
        w.rejects("iova ULONG_MAX", () -> ctx.ioasUnmap(w.a, ULONG_MAX, P), -EOVERFLOW);
        w.rejects("length ULONG_MAX, iova not 0", () -> ctx.ioasUnmap(w.a, Q, ULONG_MAX), -EOVERFLOW);
        w.rejects("iova + length - 1 wraps", () -> ctx.ioasUnmap(w.a, -P, 2 * P), -EOVERFLOW);
        w.rejects("nothing mapped there", () -> ctx.ioasUnmap(w.a, Q + 20 * P, P), -ENOENT);
        w.rejects("the hole between Z and Y", () -> ctx.ioasUnmap(w.a, Q + 6 * P, 2 * P), -ENOENT);
        w.rejects("half of X", () -> ctx.ioasUnmap(w.a, Q, P), -ENOENT);
        w.rejects("unaligned into X", () -> ctx.ioasUnmap(w.a, Q + 1, P), -ENOENT);
        w.rejects("end of X and part of Z", () -> ctx.ioasUnmap(w.a, Q + 2 * P, 3 * P), -ENOENT);
        /* v8 on: num_locks before the partial-range check; before v8 (and without the check) -ENOENT */
        w.rejects("part of the queue's area Y", () -> ctx.ioasUnmap(w.a, Q + 8 * P, P),
            DesignTraits.of(design).queuePartialUnmapRc());
        w.rejects("empty IOAS", () -> ctx.ioasUnmap(w.b, Q, P), -ENOENT);
        w.rejects("no such IOAS", () -> ctx.ioasUnmap(999, Q, P), -ENOENT);
        w.rejects("no such IOAS, unmap-all", () -> ctx.ioasUnmap(999, 0, ULONG_MAX), -ENOENT);
        w.rejects("a vIOMMU id", () -> ctx.ioasUnmap(w.viommu, Q, 4 * P), -ENOENT);

        final IoPagetable iopt = w.f.iopt(w.a);
        final MutableLong unmapped = new MutableLong(7);
        w.rejects("iopt_unmap_iova, length 0", () -> iopt.unmapIova(Q, 0, unmapped), -EINVAL);
        w.rejects("iopt_unmap_iova, wraps", () -> iopt.unmapIova(ULONG_MAX, 2, unmapped), -EOVERFLOW);
        assertThat(unmapped.get()).as("argument errors write no length").isEqualTo(7);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void destroy(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        w.rejects("no such id", () -> ctx.destroy(999), -ENOENT);
        w.rejects("id 0", () -> ctx.destroy(0), -ENOENT);
        w.rejects("negative id", () -> ctx.destroy(-1), -ENOENT);
        w.rejects("IOAS with an access and a vIOMMU", () -> ctx.destroy(w.a), -EBUSY);
        w.rejects("vIOMMU with a HW queue", () -> ctx.destroy(w.viommu), -EBUSY);
        w.rejects("an emulated device's access", () -> ctx.destroy(ctx.accessOfFd(w.fd).id()), -EBUSY);
        w.rejects("the HW queue's access", () -> ctx.destroy(w.f.queueAccess(w.queue).id()), -EBUSY);

        assertThat(ctx.closeFd(w.noPinFd)).isZero();
        assertThat(ctx.destroy(w.b)).isZero();
        w.rejects("double destroy", () -> ctx.destroy(w.b), -ENOENT);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void viommuAlloc(final Design design)
    {
        final World w = new World(design);
        w.rejects("no such IOAS", () -> w.ctx.viommuAlloc(999), -ENOENT);
        w.rejects("a vIOMMU id", () -> w.ctx.viommuAlloc(w.viommu), -ENOENT);
        w.rejects("a HW queue id", () -> w.ctx.viommuAlloc(w.queue), -ENOENT);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void hwQueueAlloc(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        final int v = w.viommu;
        final int selftest = HwQueue.TYPE_SELFTEST;
        w.rejects("flags", () -> ctx.hwQueueAlloc(v, selftest, 1, Q, P, 1), -EOPNOTSUPP);
        w.rejects("type DEFAULT", () -> ctx.hwQueueAlloc(v, HwQueue.TYPE_DEFAULT, 1, Q, P, 0), -EOPNOTSUPP);
        w.rejects("type the driver has no size for", () -> ctx.hwQueueAlloc(v, 7, 1, Q, P, 0), -EOPNOTSUPP);
        w.rejects("length 0", () -> ctx.hwQueueAlloc(v, 1, Q, 0), -EINVAL);
        w.rejects("base ~0", () -> ctx.hwQueueAlloc(v, 1, ~0L, P), -EOVERFLOW);
        w.rejects("base + length - 1 wraps", () -> ctx.hwQueueAlloc(v, 1, -P, 2 * P), -EOVERFLOW);
        w.rejects("no such vIOMMU", () -> ctx.hwQueueAlloc(999, 1, Q, P), -ENOENT);
        w.rejects("an IOAS id", () -> ctx.hwQueueAlloc(w.a, 1, Q, P), -ENOENT);
        w.rejects("offset + length wraps", () -> ctx.hwQueueAlloc(v, 1, 1, ULONG_MAX), -ERANGE);
        w.rejects("page rounding wraps", () -> ctx.hwQueueAlloc(v, 1, 0, -P + 2), -ERANGE);
        w.rejects("too many pages for kvcalloc", () -> ctx.hwQueueAlloc(v, 1, Q, 1L << 40), -ENOMEM);
        w.rejects("nothing mapped", () -> ctx.hwQueueAlloc(v, 1, Q + 20 * P, P), -ENOENT);
        w.rejects("runs into the hole after Z", () -> ctx.hwQueueAlloc(v, 1, Q + 5 * P, 2 * P), -ENOENT);
        /* the driver refuses after the core pinned (and locked) the memory: the abort undoes it */
        w.rejects("index MAX", () -> ctx.hwQueueAlloc(v, Viommu.HW_QUEUE_MAX, Q + 2 * P, P), -EINVAL);
        w.rejects("index U32_MAX (a u32 in the uAPI)", () -> ctx.hwQueueAlloc(v, -1, Q + 2 * P, P), -EINVAL);
        w.rejects("index 0 again", () -> ctx.hwQueueAlloc(v, 0, Q + 2 * P, P), -EEXIST);
        w.rejects("index 0 again, same page", () -> ctx.hwQueueAlloc(v, 0, Q + 8 * P, P), -EEXIST);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void hwQueueAllocIndexOrder(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, Q, 0, P);
        final Fixture.State before = f.state(ioas);
        assertThat(f.ctx.hwQueueAlloc(viommu, 1, Q, P)).as("index 1 before 0").isEqualTo(-EIO);
        assertThat(f.state(ioas)).isEqualTo(before);
        f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void createAccess(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        w.rejects("unknown flag", () -> ctx.testCreateAccess(w.b, 2), -EOPNOTSUPP);
        w.rejects("no such IOAS", () -> ctx.testCreateAccess(999, Fixture.NEEDS_PIN), -ENOENT);
        w.rejects("a vIOMMU id", () -> ctx.testCreateAccess(w.viommu, Fixture.NEEDS_PIN), -ENOENT);
        w.rejects("IOAS with a sub-page area", () -> ctx.testCreateAccess(w.c, Fixture.NEEDS_PIN), -EADDRINUSE);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void accessPages(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        final int fd = w.fd;
        w.rejects("closed fd", () -> ctx.testAccessPages(w.closedFd, Q, P, 0), -EBADFD);
        w.rejects("fd never opened", () -> ctx.testAccessPages(999, Q, P, 0), -EBADFD);
        w.rejects("length > 16 MiB", () -> ctx.testAccessPages(fd, Q, (16L << 20) + 1, 0), -ENOMEM);
        w.rejects("length ULONG_MAX", () -> ctx.testAccessPages(fd, Q, ULONG_MAX, 0), -ENOMEM);
        w.rejects("unknown flag", () -> ctx.testAccessPages(fd, Q, P, 2), -EOPNOTSUPP);
        w.rejects("access without pin support", () -> ctx.testAccessPages(w.noPinFd, Q, P, 0), -EOPNOTSUPP);
        w.rejects("length 0", () -> ctx.testAccessPages(fd, Q, 0, 0), -EINVAL);
        w.rejects("iova + length - 1 wraps", () -> ctx.testAccessPages(fd, -P, 2 * P, 0), -EOVERFLOW);
        w.rejects("iova not page aligned", () -> ctx.testAccessPages(fd, Q + 1, P, 0), -EINVAL);
        w.rejects("nothing mapped", () -> ctx.testAccessPages(fd, Q + 20 * P, P, 0), -ENOENT);
        w.rejects("Z, then the hole", () -> ctx.testAccessPages(fd, Q + 5 * P, 2 * P, 0), -ENOENT);
        w.rejects("X, Z, then the hole", () -> ctx.testAccessPages(fd, Q, 7 * P, 0), -ENOENT);
        w.rejects("write pin of read-only Z", () -> ctx.testAccessPages(fd, Q + 4 * P, P, WRITE), -EPERM);
        w.rejects("write pin from X into Z", () -> ctx.testAccessPages(fd, Q + 3 * P, 2 * P, WRITE), -EPERM);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void destroyAccessPages(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        w.rejects("closed fd", () -> ctx.testDestroyAccessPages(w.closedFd, 0), -EBADFD);
        w.rejects("fd never opened", () -> ctx.testDestroyAccessPages(999, w.item), -EBADFD);
        w.rejects("no such item", () -> ctx.testDestroyAccessPages(w.fd, 999), -ENOENT);
        w.rejects("negative item", () -> ctx.testDestroyAccessPages(w.fd, -1), -ENOENT);
        w.rejects("another access's item", () -> ctx.testDestroyAccessPages(w.noPinFd, w.item), -ENOENT);
        assertThat(ctx.testDestroyAccessPages(w.fd, w.item)).isZero();
        w.rejects("double destroy", () -> ctx.testDestroyAccessPages(w.fd, w.item), -ENOENT);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void replaceIoas(final Design design)
    {
        final World w = new World(design);
        final IommufdCtx ctx = w.ctx;
        w.rejects("closed fd", () -> ctx.testAccessReplaceIoas(w.closedFd, w.b), -EBADFD);
        w.rejects("no such IOAS", () -> ctx.testAccessReplaceIoas(w.fd, 999), -ENOENT);
        w.rejects("id 0", () -> ctx.testAccessReplaceIoas(w.fd, 0), -ENOENT);
        w.rejects("a vIOMMU id", () -> ctx.testAccessReplaceIoas(w.fd, w.viommu), -ENOENT);
        /* iopt_add_access() fails the alignment recalculation: access->ioas is restored, nothing unpinned */
        w.rejects("IOAS with a sub-page area", () -> ctx.testAccessReplaceIoas(w.fd, w.c), -EADDRINUSE);
        assertThat(ctx.accessOfFd(w.fd).ioas().id()).isEqualTo(w.a);
        w.f.closeClean();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void closeFdAndRelease(final Design design)
    {
        final World w = new World(design);
        w.rejects("fd never opened", () -> w.ctx.closeFd(999), -EBADF);
        w.rejects("closed fd", () -> w.ctx.closeFd(w.closedFd), -EBADF);
        w.rejects("negative fd", () -> w.ctx.closeFd(-1), -EBADF);
        w.f.closeClean();
        assertThat(w.ctx.release()).as("second close of /dev/iommu").isEqualTo(-EBADF);
        assertThat(w.ctx.isClosed()).isTrue();
        assertThat(w.f.kernel.reports().isEmpty()).isTrue();
    }

    /**
     * In-kernel callers misusing the access API: errors for what a driver may try, WARN_ON() for what a
     * driver must never do (unpin without an IOAS, detach twice, attach twice, a pin_pages user without an
     * unmap op); none of them changes the IOAS.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void accessApiMisuse(final Design design)
    {
        final Fixture f = new Fixture(design);
        final int a = f.ioas();
        final int b = f.ioas();
        f.map(a, Q, 0, 4 * P);
        final Fixture.State before = f.state(a, b);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        final Access access = mdev.access();
        assertThat(access.pinPages(Q, P, null, 0)).as("pin, never attached").isEqualTo(-ENOENT);
        assertThat(access.replace(a)).as("replace, never attached").isEqualTo(-ENOENT);
        assertThat(access.attach(999)).isEqualTo(-ENOENT);
        assertThat(access.ioas()).isNull();
        assertThat(f.kernel.reports().isEmpty()).isTrue();

        access.unpinPages(Q, P);
        access.detach();
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).as("unpin and detach, never attached").isEqualTo(2);

        assertThat(access.attach(a)).isZero();
        assertThat(access.attach(b)).as("attach twice").isEqualTo(-EINVAL);
        access.unpinPages(Q, 0);
        access.unpinPages(-P, 2 * P);
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).as("+ attach twice, unpin of 0 bytes, wrapping unpin")
            .isEqualTo(5);
        access.unpinPages(Q, P);
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).as("+ unpin of nothing pinned").isEqualTo(6);

        /* CONFIG_IOMMUFD_TEST: WARN_ON(iova_alignment != PAGE_SIZE || !ops->unmap) */
        final Access noUnmap = Access.create(f.ctx, new AccessOps(true, null), null);
        assertThat(noUnmap.attach(a)).isZero();
        assertThat(noUnmap.pinPages(Q, P, null, 0)).as("pin_pages user without an unmap op").isEqualTo(-EINVAL);
        final Access noPin = Access.create(f.ctx, new AccessOps(false, (data, iova, length) ->
        {
        }), null);
        assertThat(noPin.attach(a)).isZero();
        assertThat(noPin.pinPages(Q, P, null, 0)).as("pin by an access with iova_alignment 1").isEqualTo(-EINVAL);
        assertThat(f.kernel.reports().count(Report.Kind.WARN)).isEqualTo(8);

        access.detach();
        noUnmap.detach();
        noPin.detach();
        assertThat(f.state(a, b).counters()).isEqualTo(before.counters());
        access.destroy();
        noUnmap.destroy();
        noPin.destroy();
        assertThat(f.state(a, b)).isEqualTo(new Fixture.State(before.counters(), before.objects(), 0, "WARN"));
        f.closeExpecting("WARN");
    }
}

package org.ioptstress.bench;

import java.util.ArrayDeque;
import java.util.Deque;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.AccessOps;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.Ioas;
import org.ioptstress.iommufd.IommufdCtx;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.UserBuffer;

/**
 * One process with /dev/iommu open on a kernel built for benchmarking ({@link Kernel.Config#PRODUCTION}:
 * lockdep off; the KASAN-like poisoning stays on, one volatile read per field access), one IOAS, and a user
 * buffer with one page per area. Area {@code i} maps page {@code i} at {@link #iovaOf(int)}; areas are one
 * page apart, so no two are contiguous. The benchmarks drive {@link IoPagetable} directly
 * (iopt_unmap_iova() / iopt_map_user_pages()), below the ioctl layer, whose object lookup is the same in every
 * design. {@link #close()} releases the process and fails the trial if the kernel reported anything.
 */
public final class Fixture implements AutoCloseable
{
    public static final long PAGE = Kernel.PAGE_SIZE;
    /** IOVA of area 0: 16 MiB. */
    public static final long IOVA_BASE = 1L << 24;
    public static final int PROT_RW = IoptArea.IOMMU_READ | IoptArea.IOMMU_WRITE;

    public final IommufdCtx ctx;
    public final Design design;
    public final int ioasId;
    public final Ioas ioas;
    public final IoPagetable iopt;
    public final UserBuffer buffer;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private int viommuId;

    /**
     * @param designName a name from {@code Designs}
     * @param kernel     "production" (lockdep off, what the report uses) or "debug" (lockdep on)
     * @param pages      pages in the user buffer: one per area the benchmark maps
     */
    public Fixture(final String designName, final String kernel, final int pages)
    {
        this.design = Designs.byName(designName);
        this.ctx = new IommufdCtx(new Kernel(config(kernel)), design);
        this.buffer = ctx.allocUserBuffer(pages);
        this.ioasId = check(ctx.ioasAlloc(), "IOMMU_IOAS_ALLOC");
        this.ioas = ctx.getIoas(ioasId);
        ctx.putObject(ioas); /* the object table keeps the IOAS alive until close */
        this.iopt = ioas.iopt();
    }

    public static Kernel.Config config(final String kernel)
    {
        switch (kernel)
        {
            case "production":
                return Kernel.Config.PRODUCTION;
            case "debug":
                return Kernel.Config.DEBUG;
            default:
                throw new IllegalArgumentException("kernel must be 'production' or 'debug', not '" + kernel + "'");
        }
    }

    public static long iovaOf(final int area)
    {
        return IOVA_BASE + area * 2 * PAGE;
    }

    /** IOMMU_IOAS_MAP of buffer page {@code area} at {@link #iovaOf(int)}. */
    public void map(final int area)
    {
        check(ctx.ioasMap(ioasId, iovaOf(area), buffer, area * PAGE, PAGE), "IOMMU_IOAS_MAP of area " + area);
    }

    /** {@code n} selftest mdevs (IOMMU_TEST_OP_CREATE_ACCESS, pins pages) attached to the IOAS, none pinning. */
    public void addMdevs(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            check(ctx.testCreateAccess(ioasId, IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES),
                "IOMMU_TEST_OP_CREATE_ACCESS #" + i);
        }
    }

    /** IOMMU_HW_QUEUE_ALLOC over one page at {@code iova}: an internal access pins it (num_locks on v8+). */
    public int addHwQueue(final long iova)
    {
        requireInternalAccess();
        if (viommuId == 0)
        {
            viommuId = check(ctx.viommuAlloc(ioasId), "IOMMU_VIOMMU_ALLOC");
        }
        return check(ctx.hwQueueAlloc(viommuId, 0, iova, PAGE), "IOMMU_HW_QUEUE_ALLOC");
    }

    /** iommufd_access_create_internal() + iommufd_access_attach_internal(); undone by {@link #close()}. */
    public Access addInternalAccess()
    {
        requireInternalAccess();
        final Access access = Access.createInternal(ctx);
        if (access == null)
        {
            throw new IllegalStateException("iommufd_access_create_internal: -ENOMEM");
        }
        check(access.attachInternal(ioas), "iommufd_access_attach_internal");
        undo.push(() ->
        {
            access.detach();
            Access.destroyInternal(ctx, access);
        });
        return access;
    }

    /** An emulated device whose driver gives its one pinned range back in ops->unmap; undone by {@link #close()}. */
    public Mdev addEmulatedAccess()
    {
        final Mdev mdev = new Mdev();
        mdev.access = Access.create(ctx, Mdev.OPS, mdev);
        if (mdev.access == null)
        {
            throw new IllegalStateException("iommufd_access_create: -ENOMEM");
        }
        check(mdev.access.attach(ioasId), "iommufd_access_attach");
        undo.push(() ->
        {
            mdev.unmap(0, Kernel.ULONG_MAX);
            mdev.access.detach();
            mdev.access.destroy();
        });
        return mdev;
    }

    private void requireInternalAccess()
    {
        if (!design.hasInternalAccess())
        {
            throw new IllegalArgumentException(design.name() + " has no internal access (iommufd_access_create_internal()"
                + " came with the series): this benchmark does not exist on it");
        }
    }

    /** Process exit; any kernel report (WARN, KASAN, lockdep, leak) means the benchmark measured a broken path. */
    @Override
    public void close()
    {
        while (!undo.isEmpty())
        {
            undo.pop().run();
        }
        ctx.close();
        if (!ctx.reports().isEmpty())
        {
            throw new IllegalStateException(design.name() + ": kernel reports during the benchmark: " + ctx.reports());
        }
    }

    /** rc must be >= 0 (0 or an id); throws with the errno name otherwise. */
    public static int check(final int rc, final String what)
    {
        if (rc < 0)
        {
            throw new IllegalStateException(what + " failed: " + Errno.name(rc));
        }
        return rc;
    }

    /**
     * An emulated device's driver (an mdev): one pinned range at a time, given back synchronously in
     * ops->unmap, as the iommufd_access_ops contract requires. Single-threaded per device.
     */
    public static final class Mdev
    {
        static final AccessOps OPS = new AccessOps(true, (data, iova, length) -> ((Mdev)data).unmap(iova, length));

        public Access access;
        private final long[] pfns = new long[1];
        private long pinnedIova;
        private boolean pinned;

        /** iommufd_access_pin_pages() of one page. */
        public int pin(final long iova)
        {
            final int rc = access.pinPages(iova, PAGE, pfns, 0);
            if (rc == 0)
            {
                pinnedIova = iova;
                pinned = true;
            }
            return rc;
        }

        /** iommufd_access_unpin_pages() of the pinned page. */
        public void unpin()
        {
            pinned = false;
            access.unpinPages(pinnedIova, PAGE);
        }

        public boolean pinned()
        {
            return pinned;
        }

        /** ops->unmap: unpin what overlaps [iova, iova + length - 1]. */
        void unmap(final long iova, final long length)
        {
            final long last = iova + length - 1;
            if (pinned && Long.compareUnsigned(pinnedIova, last) <= 0
                && Long.compareUnsigned(pinnedIova + PAGE - 1, iova) >= 0)
            {
                unpin();
            }
        }
    }
}

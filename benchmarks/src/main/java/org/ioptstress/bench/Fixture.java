package org.ioptstress.bench;

import java.util.ArrayDeque;
import java.util.Deque;

import org.ioptstress.design.Designs;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.fixture.HwQueueDriver;
import org.ioptstress.fixture.Proc;
import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.Ioas;
import org.ioptstress.iommufd.IoPagetable;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.UserBuffer;

/**
 * One process with /dev/iommu open ({@link Proc}) on a kernel built for benchmarking ({@link Kernel.Config#PRODUCTION}:
 * lockdep off; the KASAN-like poisoning stays on, one volatile read per field access), one IOAS, and a user
 * buffer with one page per area. Area {@code i} maps page {@code i} at {@link #iovaOf(int)}; areas are one
 * page apart, so no two are contiguous. The benchmarks drive {@link IoPagetable} directly
 * (iopt_unmap_iova() / iopt_map_user_pages()), below the ioctl layer, whose object lookup is the same in every
 * design. {@link #close()} releases the process and fails the trial if the kernel reported anything.
 */
public final class Fixture extends Proc implements AutoCloseable
{
    public static final long PAGE = P;
    /** IOVA of area 0: 16 MiB ({@link Proc#IOVA}). */
    public static final long IOVA_BASE = IOVA;
    public static final int PROT_RW = IoptArea.IOMMU_READ | IoptArea.IOMMU_WRITE;

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
        super(config(kernel), Designs.byName(designName));
        this.buffer = buffer(pages);
        this.ioasId = ioas();
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
            mdev(ioasId);
        }
    }

    /** IOMMU_HW_QUEUE_ALLOC over one page at {@code iova}: an internal access pins it (num_locks on v8+). */
    public int addHwQueue(final long iova)
    {
        requireInternalAccess();
        if (viommuId == 0)
        {
            viommuId = viommu(ioasId);
        }
        return check(ctx.hwQueueAlloc(viommuId, 0, iova, PAGE), "IOMMU_HW_QUEUE_ALLOC");
    }

    /**
     * A HW queue driver's access (iommufd_access_create_internal() + iommufd_access_attach_internal()), pinned
     * through directly; undone by {@link #close()}.
     */
    public Access addInternalAccess()
    {
        requireInternalAccess();
        final HwQueueDriver driver = new HwQueueDriver(ctx);
        check(driver.attach(ioasId), "iommufd_access_attach_internal");
        undo.push(driver::destroy);
        return driver.access();
    }

    /** An emulated device whose driver gives what it pinned back in ops->unmap; undone by {@link #close()}. */
    public EmulatedDriver addEmulatedAccess()
    {
        final EmulatedDriver mdev = EmulatedDriver.create(ctx);
        check(mdev.access().attach(ioasId), "iommufd_access_attach");
        undo.push(mdev::release);
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
}

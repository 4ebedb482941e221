package org.ioptstress.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.agrona.collections.MutableLong;
import org.ioptstress.design.Designs;
import org.ioptstress.fixture.Proc;
import org.ioptstress.kernel.Errno;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Lockdep;
import org.ioptstress.kernel.UserBuffer;

/**
 * One selftest fixture: a /dev/iommu ({@link Proc}) on its own debug kernel (lockdep on) whose REMOVE_WAIT gives up after
 * {@link #REMOVE_WAIT_MILLIS} instead of 60 s, so a leaked wait_cnt costs a test 0.1 s, plus the shared
 * {@code buffer} of the selftests. {@link #closeClean()} is teardown_iommufd(): close the fd, then nothing
 * may be pinned, no object left, nothing in dmesg.
 */
public final class Fixture extends Proc
{
    /** MOCK_APERTURE_START: where the mock_domain variants put their IOVA. */
    public static final long MOCK_APERTURE_START = IOVA;
    public static final int BUFFER_PAGES = 16;
    /** BUFFER_SIZE of iommufd.c: 16 pages. */
    public static final long BUFFER_SIZE = BUFFER_PAGES * P;
    public static final int WRITE = IommufdCtx.MOCK_FLAGS_ACCESS_WRITE;
    public static final long REMOVE_WAIT_MILLIS = 100;
    /** countersToken() of an io_pagetable with nothing left. */
    public static final String IDLE = "areas=0 num_accesses=0 num_locks=0 prevent_access=0 access_list=0";

    public final UserBuffer buffer;

    public Fixture(final Design design)
    {
        super(Kernel.Config.DEBUG.withRemoveWaitTimeoutMillis(REMOVE_WAIT_MILLIS), design);
        this.buffer = ctx.allocUserBuffer(BUFFER_PAGES);
    }

    /**
     * Runs {@code call} on a task of its own and returns what killed it, or null when it returned. A call that
     * oopses kills its task, which keeps the locks it held (as the kernel's would): the test's own task stays
     * alive to look at what is left.
     */
    public static Throwable onOwnTask(final Runnable call)
    {
        final Throwable[] died = new Throwable[1];
        final Thread task = new Thread(() ->
        {
            try
            {
                call.run();
            }
            catch (final Throwable t)
            {
                died[0] = t;
            }
        }, "task");
        task.start();
        try
        {
            task.join();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return died[0];
    }

    /** Method source: every registered design, negative controls included. */
    public static Stream<Design> allDesigns()
    {
        return Designs.all().stream();
    }

    public static String errno(final int rc)
    {
        return Errno.name(rc);
    }

    // ------------------------------------------------------------------------- ioctls that must succeed

    /** test_ioctl_ioas_map_fixed() of buffer + bufOffset. */
    public void map(final int ioasId, final long iova, final long bufOffset, final long length)
    {
        assertThat(ctx.ioasMap(ioasId, iova, buffer, bufOffset, length))
            .as("IOAS_MAP 0x%x+0x%x", iova, length).isZero();
    }

    /** test_ioctl_ioas_unmap(): must succeed; returns the bytes unmapped. */
    public long unmap(final int ioasId, final long iova, final long length)
    {
        final MutableLong out = new MutableLong(-1);
        assertThat(ctx.ioasUnmap(ioasId, iova, length, out)).as("IOAS_UNMAP 0x%x+0x%x", iova, length).isZero();
        return out.get();
    }

    /** IOMMU_TEST_OP_ACCESS_PAGES: must succeed; the item id. */
    public int pin(final int fd, final long iova, final long length)
    {
        final int item = ctx.testAccessPages(fd, iova, length, 0);
        assertThat(item).as("ACCESS_PAGES 0x%x+0x%x: %s", iova, length, errno(item)).isNotNegative();
        return item;
    }

    public int hwQueue(final int viommuId, final int index, final long base, final long length)
    {
        final int id = ctx.hwQueueAlloc(viommuId, index, base, length);
        assertThat(id).as("IOMMU_HW_QUEUE_ALLOC index %d at 0x%x+0x%x: %s", index, base, length, errno(id))
            .isPositive();
        return id;
    }

    /** The HW queue's access (internal, or the ordinary one of baseline). */
    public Access queueAccess(final int queueId)
    {
        return ((HwQueue)ctx.peekObject(queueId)).access();
    }

    // ---------------------------------------------------------------------------------- inspection

    public IoptArea area(final int ioasId, final long iova)
    {
        return iopt(ioasId).areaAt(iova);
    }

    /** Everything a failed operation must leave as it was. */
    public State state(final int... ioasIds)
    {
        final StringBuilder counters = new StringBuilder();
        for (final int id : ioasIds)
        {
            final Ioas ioas = (Ioas)ctx.peekObject(id);
            counters.append(id).append(": ").append(ioas == null ? "gone" : ioas.iopt().countersToken()).append("; ");
        }
        return new State(counters.toString(), ctx.objectCount(ObjType.ANY), ctx.pinnedPages(),
            kernel.reports().kindsToken());
    }

    /**
     * @param counters per IOAS: areas, num_accesses, num_locks, prevent_access, access_list
     * @param objects  objects in the table
     * @param pinned   page pins of this process
     * @param reports  kinds in dmesg
     */
    public record State(String counters, int objects, long pinned, String reports)
    {
    }

    // ------------------------------------------------------------------------------------ teardown

    /** teardown_iommufd(): close, then no pins, no objects, no reports, no lock held. */
    public void closeClean()
    {
        closeExpecting("none");
    }

    /**
     * As {@link #closeClean()}, but dmesg must hold exactly these kinds (a {@code Reports.kindsToken()}); pins
     * and objects must still be gone unless a LEAK is among them.
     */
    public void closeExpecting(final String kindsToken)
    {
        assertThat(Lockdep.depthOfCurrentThread()).as("locks held at an ioctl boundary: %s",
            Lockdep.heldByCurrentThread()).isZero();
        assertThat(ctx.release()).as("first close of the context").isZero();
        assertThat(kernel.reports().kindsToken()).as("dmesg after close on %s:%n%s", design, kernel.reports())
            .isEqualTo(kindsToken);
        if (!kindsToken.contains("LEAK"))
        {
            assertThat(ctx.objectCount(ObjType.ANY)).as("objects left after close").isZero();
            assertThat(ctx.pinnedPages()).as("pages left pinned after close").isZero();
            assertThat(kernel.pinnedPages()).as("pages left pinned in the kernel").isZero();
        }
    }
}

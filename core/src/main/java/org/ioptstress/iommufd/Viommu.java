package org.ioptstress.iommufd;

import static org.ioptstress.kernel.Errno.EEXIST;
import static org.ioptstress.kernel.Errno.EFAULT;
import static org.ioptstress.kernel.Errno.EINVAL;
import static org.ioptstress.kernel.Errno.EIO;

import org.ioptstress.kernel.Mutex;

/**
 * struct iommufd_viommu with the selftest's mock driver (struct mock_viommu). The nesting-parent HWPT is
 * folded in: the vIOMMU holds the reference on its IOAS that the HWPT would hold, and HW queues attach their
 * internal access to that IOAS ({@code viommu->hwpt->ioas}).
 */
public final class Viommu extends IommufdObject
{
    /** IOMMU_TEST_HW_QUEUE_MAX */
    public static final int HW_QUEUE_MAX = 2;

    final Ioas ioas;
    final IommufdCtx ictx;
    final Mutex queueMutex;
    private final HwQueue[] hwQueue = new HwQueue[HW_QUEUE_MAX];

    Viommu(final IommufdCtx owner, final Ioas ioas)
    {
        super(owner, ObjType.VIOMMU);
        this.ioas = ioas;
        this.ictx = owner;
        this.queueMutex = new Mutex(owner.kernel(), "mock_viommu->queue_mutex");
    }

    public Ioas ioas()
    {
        kasan("hwpt->ioas");
        return ioas;
    }

    /** iommufd_viommu_destroy(): drops the parent HWPT's (here: the IOAS's) reference. */
    @Override
    void destroyObject()
    {
        ioas.users.dec();
    }

    /**
     * mock_hw_queue_init_phys(): index >= MAX (-EINVAL), slot taken (-EEXIST), previous slot empty (-EIO),
     * base_pa not the S2 translation of base_addr (-EFAULT); a queue above 0 depends on the one below it.
     */
    int mockHwQueueInitPhys(final HwQueue queue, final int index, final long basePa)
    {
        /* u32 index (struct iommu_hw_queue_alloc): compared unsigned, as the kernel's u32 compare */
        if (Integer.compareUnsigned(index, HW_QUEUE_MAX) >= 0)
        {
            return -EINVAL;
        }
        queueMutex.lock();
        try
        {
            if (hwQueue[index] != null)
            {
                return -EEXIST;
            }
            if (index > 0 && hwQueue[index - 1] == null)
            {
                return -EIO;
            }
            /* Verify base_pa against the S2 translation (iommu_iova_to_phys of the nesting parent) */
            if (basePa != queue.s2Translation())
            {
                return -EFAULT;
            }
            final HwQueue prev = index > 0 ? hwQueue[index - 1] : null;
            if (prev != null)
            {
                final int rc = HwQueue.depend(queue, prev);
                if (rc != 0)
                {
                    return rc;
                }
            }
            queue.mockPrev = prev;
            hwQueue[index] = queue;
            queue.hasDriverDestroy = true;
            return 0;
        }
        finally
        {
            queueMutex.unlock();
        }
    }

    /**
     * mock_hw_queue_destroy(). Upstream's mock never assigns mock_hw_queue->index, so the slot cleared is
     * always hw_queue[0]; reproduced as written ({@code HwQueue.mockIndex} stays 0).
     */
    void mockHwQueueDestroy(final HwQueue queue)
    {
        queueMutex.lock();
        try
        {
            hwQueue[queue.mockIndex] = null;
            if (queue.mockPrev != null)
            {
                HwQueue.undepend(queue, queue.mockPrev);
            }
        }
        finally
        {
            queueMutex.unlock();
        }
    }
}

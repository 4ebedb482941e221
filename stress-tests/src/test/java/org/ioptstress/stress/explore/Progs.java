package org.ioptstress.stress.explore;

import static org.ioptstress.stress.explore.Programs.BASE;
import static org.ioptstress.stress.explore.Programs.P;

import java.util.ArrayList;
import java.util.List;

import org.ioptstress.iommufd.HwQueue;
import org.ioptstress.iommufd.IommufdCtx;

/** Hand-written programs for the explorer's tests; {@code r(i)} is a reference to call i's result. */
final class Progs
{
    private final List<Call> calls = new ArrayList<>();

    static long[] r(final int call)
    {
        return new long[] {call};
    }

    /** args: Long literals, or r(i) references. */
    int add(final Op op, final Object... args)
    {
        final long[] a = new long[args.length];
        int mask = 0;
        for (int i = 0; i < args.length; i++)
        {
            if (args[i] instanceof long[] ref)
            {
                a[i] = ref[0];
                mask |= 1 << i;
            }
            else
            {
                a[i] = ((Number)args[i]).longValue();
            }
        }
        calls.add(new Call(op, a, mask));
        return calls.size() - 1;
    }

    Program build()
    {
        return new Program(calls);
    }

    /**
     * IOAS with two one-page areas A (BASE) and B (BASE + 2 pages), a vIOMMU with a HW queue on B, an emulated
     * device pinning A, then the unmap of A: legal, it notifies the device (v7 refuses it, v8 leaks a reference
     * on the queue's internal access, baseline notifies the queue's access too).
     */
    static Program unmapMdevAreaBesideQueue()
    {
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, r(ioas), BASE, 0, 0, P, Programs.RW);
        p.add(Op.IOAS_MAP, r(ioas), BASE + 2 * P, 0, 2 * P, P, Programs.RW);
        final int viommu = p.add(Op.VIOMMU_ALLOC, r(ioas));
        p.add(Op.HW_QUEUE_ALLOC, r(viommu), 0, BASE + 2 * P, P, HwQueue.TYPE_SELFTEST);
        final int fd = p.add(Op.CREATE_ACCESS, r(ioas), IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES);
        p.add(Op.ACCESS_PAGES, r(fd), BASE, P, 0);
        p.add(Op.IOAS_UNMAP, r(ioas), BASE, P);
        return p.build();
    }

    /** A HW queue on an area, then the unmap of that area: baseline WARNs and returns -EDEADLOCK. */
    static Program unmapQueueMemory()
    {
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, r(ioas), BASE, 0, 0, P, Programs.RW);
        final int viommu = p.add(Op.VIOMMU_ALLOC, r(ioas));
        p.add(Op.HW_QUEUE_ALLOC, r(viommu), 0, BASE, P, HwQueue.TYPE_SELFTEST);
        p.add(Op.IOAS_UNMAP, r(ioas), BASE, P);
        return p.build();
    }
}

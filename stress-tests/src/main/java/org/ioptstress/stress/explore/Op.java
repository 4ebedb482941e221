package org.ioptstress.stress.explore;

import java.util.List;

/**
 * The uAPI calls a generated program is made of, at the level of the kernel selftest (tools/testing/selftests/
 * iommu/iommufd.c): ioctls and mock test ops, plus bulk steps that build a large state in one call. Each names
 * its arguments; an argument of an id kind may be a reference to the result of an earlier call.
 */
public enum Op
{
    IOAS_ALLOC("IOMMU_IOAS_ALLOC"),
    /** IOMMU_DESTROY of any id. */
    DESTROY("IOMMU_DESTROY", Arg.OBJ),
    IOAS_MAP("IOMMU_IOAS_MAP", Arg.IOAS, Arg.IOVA, Arg.BUF, Arg.OFFSET, Arg.LEN, Arg.MAP_FLAGS),
    /** Bulk: map {@code count} areas of {@code pages} pages each, the k-th at iova + k * stride. */
    MAP_N("IOMMU_IOAS_MAP x N", Arg.IOAS, Arg.IOVA, Arg.COUNT, Arg.PAGES, Arg.STRIDE),
    /** iova 0 + length ULONG_MAX is unmap-all. */
    IOAS_UNMAP("IOMMU_IOAS_UNMAP", Arg.IOAS, Arg.IOVA, Arg.LEN),
    CREATE_ACCESS("IOMMU_TEST_OP_CREATE_ACCESS", Arg.IOAS, Arg.ACCESS_FLAGS),
    /** Bulk: {@code count} accesses on one IOAS; the result is the first fd. */
    CREATE_N("IOMMU_TEST_OP_CREATE_ACCESS x N", Arg.IOAS, Arg.COUNT, Arg.ACCESS_FLAGS),
    ACCESS_PAGES("IOMMU_TEST_OP_ACCESS_PAGES", Arg.FD, Arg.IOVA, Arg.LEN, Arg.PIN_FLAGS),
    /** Bulk: pin one page at iova + k * stride for k < count (one page in each area of a MAP_N). */
    PIN_EACH("IOMMU_TEST_OP_ACCESS_PAGES x N", Arg.FD, Arg.IOVA, Arg.COUNT, Arg.STRIDE),
    DESTROY_ACCESS_PAGES("IOMMU_TEST_OP_DESTROY_ACCESS_PAGES", Arg.FD, Arg.ITEM),
    ACCESS_REPLACE_IOAS("IOMMU_TEST_OP_ACCESS_REPLACE_IOAS", Arg.FD, Arg.IOAS),
    CLOSE_FD("close", Arg.FD),
    VIOMMU_ALLOC("IOMMU_VIOMMU_ALLOC", Arg.IOAS),
    HW_QUEUE_ALLOC("IOMMU_HW_QUEUE_ALLOC", Arg.VIOMMU, Arg.INDEX, Arg.IOVA, Arg.LEN, Arg.QUEUE_TYPE);

    /** What an argument is: decides how it is drawn, printed and simplified. */
    public enum Arg
    {
        IOAS(true), OBJ(true), FD(true), ITEM(true), VIOMMU(true),
        IOVA(false), LEN(false), BUF(false), OFFSET(false), MAP_FLAGS(false), ACCESS_FLAGS(false),
        PIN_FLAGS(false), COUNT(false), PAGES(false), STRIDE(false), INDEX(false), QUEUE_TYPE(false);

        /** An id: may refer to an earlier call's result. */
        public final boolean id;

        Arg(final boolean id)
        {
            this.id = id;
        }
    }

    public final String uapi;
    public final List<Arg> args;

    Op(final String uapi, final Arg... args)
    {
        this.uapi = uapi;
        this.args = List.of(args);
    }

    /** A bulk step (printed as a loop). */
    public boolean bulk()
    {
        return this == MAP_N || this == CREATE_N || this == PIN_EACH;
    }
}

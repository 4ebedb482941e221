package org.ioptstress.design;

/**
 * v8 plus the later upstream changes to iopt_unmap_iova_range(): afb47765f923 ("Make vfio_compat's unmap
 * succeed if the range is already empty": rc starts at 0, iopt_unmap_all() returns the range result, and the
 * IOAS_UNMAP ioctl turns "nothing unmapped" into -ENOENT) and 8602018b1f17 ("Fix a race with concurrent
 * allocation and unmap": after each freed area, break if it reached {@code last}, else move {@code start}
 * past it, so a concurrent map of the just-freed IOVA is not unmapped).
 */
public class Upstream extends V8
{
    @Override
    public String name()
    {
        return "upstream";
    }

    @Override
    public String summary()
    {
        return "v8 + afb47765 (empty unmap: 0 in iopt, -ENOENT in ioas.c) + 8602018b (advance start after a free)";
    }

    @Override
    protected int unmapRangeInitialRc()
    {
        return 0;
    }

    @Override
    protected int unmapRangeFinalRc(final int rc, final long unmappedBytes)
    {
        return rc;
    }

    @Override
    protected int unmapAllResult(final int rc)
    {
        return rc;
    }

    @Override
    protected boolean ioasUnmapEmptyIsEnoent()
    {
        return true;
    }

    @Override
    protected boolean unmapRangeAdvancesStart()
    {
        return true;
    }
}

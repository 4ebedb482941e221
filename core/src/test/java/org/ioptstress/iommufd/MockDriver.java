package org.ioptstress.iommufd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An emulated-device driver written against the access API (device.c) directly, for what the selftest
 * driver cannot do: count its unmap callbacks, ignore them (a driver that never unpins), or run something
 * inside the callback, where the unmapper (or change_ioas) has dropped its locks. Pins are tracked like
 * selftest.c's items: a callback unpins every pin that overlaps the notified range.
 */
public final class MockDriver
{
    /** Runs inside ops->unmap, before the driver unpins. */
    @FunctionalInterface
    public interface InCallback
    {
        void run(MockDriver driver, long iova, long length);
    }

    private final List<long[]> pins = new ArrayList<>();
    private Access access;
    /** ops->unmap calls so far. */
    public int unmapCalls;
    /** A broken driver: ops->unmap returns without unpinning. */
    public boolean ignoreUnmap;
    public InCallback inCallback = (d, iova, length) ->
    {
    };

    private MockDriver()
    {
    }

    /** iommufd_access_create() with {needs_pin_pages = 1, unmap}; not attached yet. */
    public static MockDriver create(final IommufdCtx ctx)
    {
        final MockDriver driver = new MockDriver();
        driver.access = Access.create(ctx, new AccessOps(true, (data, iova, length) ->
            ((MockDriver)data).unmap(iova, length)), driver);
        return driver;
    }

    public Access access()
    {
        return access;
    }

    /** iommufd_access_pin_pages(), remembered for the unmap callback when it succeeds. */
    public int pin(final long iova, final long length, final int flags)
    {
        final int rc = access.pinPages(iova, length, null, flags);
        if (rc == 0)
        {
            pins.add(new long[] {iova, length});
        }
        return rc;
    }

    public int pinCount()
    {
        return pins.size();
    }

    /** Unpin everything this driver still holds (a well-behaved driver before detach/destroy). */
    public void unpinAll()
    {
        for (final long[] pin : pins)
        {
            access.unpinPages(pin[0], pin[1]);
        }
        pins.clear();
    }

    private void unmap(final long iova, final long length)
    {
        unmapCalls++;
        inCallback.run(this, iova, length);
        if (ignoreUnmap)
        {
            return;
        }
        final long last = iova + length - 1;
        for (final Iterator<long[]> it = pins.iterator(); it.hasNext();)
        {
            final long[] pin = it.next();
            if (Long.compareUnsigned(iova, pin[0] + pin[1] - 1) > 0 || Long.compareUnsigned(last, pin[0]) < 0)
            {
                continue;
            }
            it.remove();
            access.unpinPages(pin[0], pin[1]);
        }
    }
}

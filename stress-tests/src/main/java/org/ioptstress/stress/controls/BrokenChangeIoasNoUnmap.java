package org.ioptstress.stress.controls;

import org.ioptstress.iommufd.Access;

/**
 * NEGATIVE CONTROL: iommufd_access_change_ioas() without the unlocked {@code ops->unmap(data, 0, ULONG_MAX)}
 * on the old IOAS, so detach and replace move an access while its driver still holds pins there: the old
 * IOAS's areas keep num_accesses that nothing will drop, and its unmaps retry until -EDEADLOCK.
 */
public class BrokenChangeIoasNoUnmap extends SuiteControl
{
    @Override
    public String name()
    {
        return "broken-change-ioas-no-unmap";
    }

    @Override
    public String summary()
    {
        return "NEGATIVE CONTROL (suite): detach/replace never ask the driver to unpin from the old IOAS";
    }

    @Override
    protected boolean changeIoasCallsUnmap(final Access access)
    {
        return false;
    }
}

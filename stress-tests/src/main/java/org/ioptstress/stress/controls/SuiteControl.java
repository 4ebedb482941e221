package org.ioptstress.stress.controls;

import org.ioptstress.design.UpstreamNotifyFix;

/**
 * What every control of this package is, said once: a NEGATIVE CONTROL registered by the stress suite only (its
 * services file), upstream-notify-fix (the fixed kernel) with one thing broken, so that the one scenario it
 * controls fails on it and nothing else does. A subclass names itself and overrides the hooks it breaks.
 */
abstract class SuiteControl extends UpstreamNotifyFix
{
    @Override
    public final Role role()
    {
        return Role.NEGATIVE_CONTROL;
    }

    @Override
    public final boolean suiteOnly()
    {
        return true;
    }
}

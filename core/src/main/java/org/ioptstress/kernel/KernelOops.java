package org.ioptstress.kernel;

/**
 * Thrown where the real kernel oopses (a NULL pointer dereference, a BUG()): the detector has already recorded a
 * {@link Report}, and the task dies there. The exception unwinds the port's stack so the harness can judge the
 * trial; it is never caught inside the port.
 */
public final class KernelOops extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public KernelOops(final String message)
    {
        super(message, null, false, false);
    }
}

package org.ioptstress.kernel;

/**
 * Thrown where the real kernel would hang forever (a thread re-taking a non-recursive lock it holds). The
 * detector has already recorded a {@link Report}; the exception only stops this thread from waiting on
 * itself so the harness can report the outcome instead of timing out.
 */
public final class KernelHang extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public KernelHang(final String message)
    {
        super(message, null, false, false);
    }
}

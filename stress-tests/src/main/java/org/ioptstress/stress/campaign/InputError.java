package org.ioptstress.stress.campaign;

/**
 * Something the campaign reads or writes is wrong (its output directory, the expectations file, a result file): one
 * line naming the file (and line), printed without a stack trace, and the exit code it means (2 usage or input,
 * 3 harness).
 */
public final class InputError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public InputError(final int exitCode, final String message)
    {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public InputError(final int exitCode, final String message, final Throwable cause)
    {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode()
    {
        return exitCode;
    }

    /** The first line of {@code t}'s message (or its class name), for a one-line error. */
    static String firstLine(final Throwable t)
    {
        final String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        final int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}

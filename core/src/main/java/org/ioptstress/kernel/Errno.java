package org.ioptstress.kernel;

/**
 * The asm-generic errno numbers the iommufd paths return (x86/arm64 values). Operations of the port
 * return {@code 0} or {@code -Errno.X}, exactly as the kernel functions they mirror.
 */
public final class Errno
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    /** EDEADLK; asm-generic aliases EDEADLOCK to it (powerpc differs: 58). */
    public static final int EDEADLOCK = 35;
    public static final int EBADE = 52;
    public static final int EOVERFLOW = 75;
    public static final int EBADFD = 77;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;

    private Errno()
    {
    }

    /** {@code 0 -> "0"}, {@code -16 -> "-EBUSY"}, positive values (ids, counts) as numbers. */
    public static String name(final int rc)
    {
        if (rc >= 0)
        {
            return Integer.toString(rc);
        }
        return "-" + symbol(-rc);
    }

    public static String symbol(final int errno)
    {
        switch (errno)
        {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case EIO: return "EIO";
            case EBADF: return "EBADF";
            case ENOMEM: return "ENOMEM";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case ERANGE: return "ERANGE";
            case EDEADLOCK: return "EDEADLOCK";
            case EBADE: return "EBADE";
            case EOVERFLOW: return "EOVERFLOW";
            case EBADFD: return "EBADFD";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EADDRINUSE: return "EADDRINUSE";
            default: return "E" + errno;
        }
    }
}

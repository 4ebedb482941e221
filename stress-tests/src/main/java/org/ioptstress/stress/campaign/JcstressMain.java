package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with one JVM configuration per test.
 *
 * <p>jcstress 0.16 runs every test twice on JDKs that still have biased locking (up to 17), once with
 * {@code -XX:+UseBiasedLocking} and once without, even when {@code -jvmArgs} fixes the configuration. The port
 * takes its locks through java.util.concurrent, which biased locking does not touch, so the second run only
 * doubles the campaign's time. jcstress detects the flag by launching {@code ${java.home}/bin/java}: this main
 * points {@code java.home} at a one-line launcher that declines {@code -XX:+UseBiasedLocking} and otherwise
 * execs the real {@code java} (every other entry of java.home is a symbolic link to the real one), so detection
 * reports N/A and each test runs once, with biased locking off (the
 * JDK 15+ default).
 *
 * <p>Usage: {@code JcstressMain <shim dir> <jcstress options...>}.
 */
public final class JcstressMain
{
    private JcstressMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        final String realHome = System.getProperty("java.home");
        System.setProperty("java.home", writeShim(Paths.get(args[0]), realHome).toString());
        org.openjdk.jcstress.Main.main(rest);
    }

    static Path writeShim(final Path dir, final String realHome) throws IOException
    {
        final Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        /* the JDK itself reads lib/modules etc. through java.home lazily: mirror everything but bin/java */
        try (var entries = Files.list(Paths.get(realHome)))
        {
            for (final Path entry : (Iterable<Path>)entries::iterator)
            {
                final Path link = dir.resolve(entry.getFileName().toString());
                if (!entry.getFileName().toString().equals("bin") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.createSymbolicLink(link, entry);
                }
            }
        }
        final Path java = bin.resolve("java");
        final String script = "#!/bin/sh\n"
            + "# iopt-stress: jcstress's java launcher; declines -XX:+UseBiasedLocking (see JcstressMain)\n"
            + "for a in \"$@\"; do [ \"$a\" = \"-XX:+UseBiasedLocking\" ] && exit 1; done\n"
            + "exec '" + realHome.replace("'", "'\\''") + "/bin/java' \"$@\"\n";
        Files.write(java, script.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.toAbsolutePath();
    }
}

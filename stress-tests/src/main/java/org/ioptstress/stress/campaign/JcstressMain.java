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
 * <p>With {@code -D}{@value #FORK_CDS}{@code =<archive>} on this JVM the launcher also gives jcstress's forks
 * (the {@code ForkedMain} JVMs, not its probes) a dynamic CDS archive of the classes a fork loads: the first fork
 * writes it at exit ({@code -XX:ArchiveClassesAtExit}, into a temporary file renamed when the fork is done, so no
 * fork maps a half-written archive), every later fork maps it ({@code -XX:SharedArchiveFile}). A fork then takes
 * jcstress's and the port's classes, parsed and verified, from the archive instead of the 24 MB jar. That is JVM
 * start only: the bytecode run, the JIT's compilations and the heap are those of a fork without it, so the races
 * are the same. An archive the JVM rejects (another JDK, a rebuilt jar) is ignored ({@code -Xshare:auto}).
 *
 * <p>Usage: {@code JcstressMain <shim dir> <jcstress options...>}.
 */
public final class JcstressMain
{
    /** System property: the forks' dynamic CDS archive (absolute path), written by the first fork. */
    public static final String FORK_CDS = "iopt-stress.forkCds";
    /** The main class of a jcstress fork (its probes run other mains). */
    static final String FORK_MAIN = "org.openjdk.jcstress.ForkedMain";

    private JcstressMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        final String realHome = System.getProperty("java.home");
        final String cds = System.getProperty(FORK_CDS);
        System.setProperty("java.home", writeShim(Paths.get(args[0]), realHome, cds == null ? null : Paths.get(cds)).toString());
        org.openjdk.jcstress.Main.main(rest);
    }

    static Path writeShim(final Path dir, final String realHome) throws IOException
    {
        return writeShim(dir, realHome, null);
    }

    /** The launcher in {@code dir/bin/java}; with {@code forkCds} non-null it gives the forks that archive. */
    static Path writeShim(final Path dir, final String realHome, final Path forkCds) throws IOException
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
        final String javaBin = quote(realHome + "/bin/java");
        final StringBuilder script = new StringBuilder("#!/bin/sh\n"
            + "# iopt-stress: jcstress's java launcher; declines -XX:+UseBiasedLocking (see JcstressMain)\n"
            + "fork=0\n"
            + "for a in \"$@\"; do\n"
            + "  [ \"$a\" = \"-XX:+UseBiasedLocking\" ] && exit 1\n"
            + "  [ \"$a\" = " + FORK_MAIN + " ] && fork=1\n"
            + "done\n");
        if (forkCds != null)
        {
            /* the forks' class archive: mapped when written; written by the first fork (mkdir is the lock); others
               without it until then. The dump's notes go to the log file, not to the fork's output jcstress keeps */
            final String jsa = quote(forkCds.toAbsolutePath().toString());
            final String dumping = quote(forkCds.toAbsolutePath() + ".dumping");
            final String log = quote(forkCds.toAbsolutePath() + ".log");
            script.append("if [ $fork = 1 ]; then\n"
                + "  if [ -f " + jsa + " ]; then\n"
                + "    exec " + javaBin + " -XX:SharedArchiveFile=" + jsa + " -Xlog:cds*=off \"$@\"\n"
                + "  elif mkdir " + dumping + " 2>/dev/null; then\n"
                + "    " + javaBin + " -XX:ArchiveClassesAtExit=" + dumping + "/a.jsa -Xlog:cds*=off"
                + " -Xlog:cds*=warning:file=" + log + " \"$@\"\n"
                + "    rc=$?\n"
                + "    [ -s " + dumping + "/a.jsa ] && mv " + dumping + "/a.jsa " + jsa + "\n"
                + "    exit $rc\n"
                + "  fi\n"
                + "fi\n");
        }
        script.append("exec ").append(javaBin).append(" \"$@\"\n");
        Files.write(java, script.toString().getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.toAbsolutePath();
    }

    private static String quote(final String s)
    {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

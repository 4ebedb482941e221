package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick mode's forks share a dynamic CDS archive ({@link JcstressMain#FORK_CDS}): the command line the runner
 * builds, and the launcher it writes, run against a fake JDK whose {@code java} records its arguments (and, when
 * asked to archive at exit, writes the archive as the JVM would).
 */
class ForkClassArchiveTest
{
    @TempDir
    Path tmp;

    @Test
    void quickModeGivesJcstressTheArchiveOthersDoNot()
    {
        final Path work = tmp.resolve("jcstress");
        final List<String> quick = JcstressRunner.command(Mode.QUICK, tmp.resolve("j.jar"), work, "^(T)$", List.of("-m", "quick"));
        assertThat(quick).contains("-D" + JcstressMain.FORK_CDS + "=" + work.resolve("jvm/fork-classes.jsa").toAbsolutePath());
        assertThat(quick.indexOf("-D" + JcstressMain.FORK_CDS + "=" + work.resolve("jvm/fork-classes.jsa").toAbsolutePath()))
            .isLessThan(quick.indexOf(JcstressMain.class.getName()));
        assertThat(quick.subList(quick.indexOf(JcstressMain.class.getName()), quick.size()))
            .containsExactly(JcstressMain.class.getName(), work.resolve("jvm").toAbsolutePath().toString(), "-t", "^(T)$", "-m", "quick");
        for (final Mode m : List.of(Mode.SANITY, Mode.POWER, Mode.DEFAULT, Mode.TOUGH))
        {
            assertThat(JcstressRunner.command(m, tmp.resolve("j.jar"), work, "x", List.of()))
                .noneMatch(a -> a.contains(JcstressMain.FORK_CDS));
        }
    }

    @Test
    void theFirstForkWritesTheArchiveLaterForksMapItProbesNeither() throws Exception
    {
        final Path jdk = fakeJdk();
        final Path jsa = tmp.resolve("fork-classes.jsa");
        final Path shim = JcstressMain.writeShim(tmp.resolve("shim"), jdk.toString(), jsa).resolve("bin/java");

        assertThat(run(shim, "-XX:+UseBiasedLocking", "-version")).isEqualTo(1);
        assertThat(run(shim, "-Xmx1m", "org.openjdk.jcstress.vm.SimpleTestMain")).isZero();
        assertThat(lastArgs()).isEqualTo("-Xmx1m org.openjdk.jcstress.vm.SimpleTestMain");

        assertThat(run(shim, "-Xmx1m", JcstressMain.FORK_MAIN, "false", "host", "1", "2")).isZero();
        assertThat(lastArgs()).startsWith("-XX:ArchiveClassesAtExit=" + jsa + ".dumping/a.jsa -Xlog:cds*=off ")
            .endsWith(" -Xmx1m " + JcstressMain.FORK_MAIN + " false host 1 2");
        assertThat(jsa).exists();

        assertThat(run(shim, "-Xmx1m", JcstressMain.FORK_MAIN, "false", "host", "1", "3")).isZero();
        assertThat(lastArgs()).isEqualTo("-XX:SharedArchiveFile=" + jsa + " -Xlog:cds*=off -Xmx1m " + JcstressMain.FORK_MAIN
            + " false host 1 3");
    }

    @Test
    void aForkStartedWhileTheArchiveIsBeingWrittenRunsWithoutIt() throws Exception
    {
        final Path jdk = fakeJdk();
        final Path jsa = tmp.resolve("fork-classes.jsa");
        final Path shim = JcstressMain.writeShim(tmp.resolve("shim"), jdk.toString(), jsa).resolve("bin/java");
        Files.createDirectory(tmp.resolve("fork-classes.jsa.dumping")); /* the first fork has not exited yet */

        assertThat(run(shim, JcstressMain.FORK_MAIN, "false", "host", "1", "2")).isZero();
        assertThat(lastArgs()).isEqualTo(JcstressMain.FORK_MAIN + " false host 1 2");
        assertThat(jsa).doesNotExist();
    }

    @Test
    void withoutAnArchiveTheLauncherOnlyDeclinesBiasedLocking() throws Exception
    {
        final Path jdk = fakeJdk();
        final Path shim = JcstressMain.writeShim(tmp.resolve("shim"), jdk.toString()).resolve("bin/java");
        assertThat(run(shim, "-XX:+UseBiasedLocking", "-version")).isEqualTo(1);
        assertThat(run(shim, JcstressMain.FORK_MAIN, "false", "host", "1", "2")).isZero();
        assertThat(lastArgs()).isEqualTo(JcstressMain.FORK_MAIN + " false host 1 2");
    }

    /** A JDK whose java writes its arguments to args.txt and, for -XX:ArchiveClassesAtExit=F, a file F. */
    private Path fakeJdk() throws IOException
    {
        final Path jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib"));
        final Path java = jdk.resolve("bin/java");
        Files.write(java, ("#!/bin/sh\n"
            + "echo \"$*\" > '" + tmp.resolve("args.txt") + "'\n"
            + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) echo jsa > \"${a#*=}\";; esac; done\n")
            .getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    private String lastArgs() throws IOException
    {
        return Files.readString(tmp.resolve("args.txt")).strip();
    }

    private static int run(final Path shim, final String... args) throws Exception
    {
        final List<String> cmd = new java.util.ArrayList<>(List.of(shim.toString()));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}

package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./iopt-stress} builds on a fresh clone before a campaign: the jar alone (tests neither compiled nor
 * run), Maven's JVM on C1 with the user's MAVEN_OPTS kept. Run on a copy of the script with no jar and a fake Maven
 * that records its arguments and fails (so the script stops after the build).
 */
class ScriptBuildTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void aFreshCloneBuildsTheJarWithoutTestsOnC1() throws Exception
    {
        final Path script = tmp.resolve("iopt-stress");
        Files.copy(ROOT.resolve("iopt-stress"), script);
        final Path mvn = tmp.resolve("fake-mvn");
        Files.write(mvn, ("#!/bin/sh\necho \"$MAVEN_OPTS|$*\" > '" + tmp.resolve("mvn.txt") + "'\nexit 1\n")
            .getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        final ProcessBuilder pb = new ProcessBuilder(script.toString(), "campaign").redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("MVN", mvn.toString());
        pb.environment().put("MAVEN_OPTS", "-Xmx1g");
        final Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out.txt"))).isEqualTo(2); /* die: the build failed */
        assertThat(Files.readString(tmp.resolve("mvn.txt")).strip())
            .isEqualTo("-Xmx1g -XX:TieredStopAtLevel=1|-B -q -Dmaven.test.skip=true package -pl stress-tests -am");
    }
}

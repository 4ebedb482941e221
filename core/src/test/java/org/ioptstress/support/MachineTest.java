package org.ioptstress.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest
{
    @Test
    void describesThisMachine()
    {
        assertThat(Machine.cpus()).isPositive();
        assertThat(Machine.os()).contains(System.getProperty("os.arch"));
        assertThat(Machine.cpuModel()).isNotBlank();
        assertThat(Machine.jdk()).contains(System.getProperty("java.runtime.version"));
        assertThat(Machine.loadAverage()).isNotBlank();
    }

    @Test
    void gitOutsideACheckoutIsTheFallback(@TempDir final Path dir)
    {
        assertThat(Machine.git(dir, "unknown", "rev-parse", "HEAD")).isEqualTo("unknown");
    }
}

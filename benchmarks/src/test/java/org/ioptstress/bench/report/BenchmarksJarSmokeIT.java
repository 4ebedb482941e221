package org.ioptstress.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Runs in the verify phase, on the shaded jar (see pom.xml): every @Benchmark is listed by {@code java -jar
 * benchmarks.jar -l}, and a smoke campaign runs each benchmark once and writes the report. Not a timing.
 */
class BenchmarksJarSmokeIT
{
    @Test
    void theJarListsEveryBenchmarkAndTheCampaignRuns() throws Exception
    {
        final String jar = System.getProperty("benchmarks.jar", "target/benchmarks.jar");
        assertThat(SmokeCheck.check(Path.of(jar).toAbsolutePath())).isEmpty();
    }
}

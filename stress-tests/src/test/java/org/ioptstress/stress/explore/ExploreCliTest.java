package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.ioptstress.stress.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExploreCliTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return ExploreCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--threads 4", "--threads 0", "--time banana", "--designs nope", "--bogus", "--time 1s --programs 5",
        "--programs 0", "--seed x", "--stop-at-first v8 --designs v7", "--differences /nonexistent/file",
        "--engine model-checker", "--engine lincheck --threads 2", "--threads 2 --engine model-checker --interleavings 0"})
    void badInputIsOneLineAndExit2(final String args)
    {
        assertThat(run(args.split(" "))).isEqualTo(ExploreCli.EXIT_USAGE);
        final String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("iopt-stress explore: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void writesTheReportAndExitsByFindings(@TempDir final Path dir) throws Exception
    {
        assertThat(run("--designs", "upstream-tries-fix", "--programs", "20", "--out", dir.toString(),
            "--root", dir.toString())).isEqualTo(ExploreCli.EXIT_OK);
        assertThat(Files.readString(dir.resolve("explore.json"))).contains("\"format\": \"iopt-stress-explore/1\"",
            "\"programs\": 20");
        Golden.assertMatches(dir.resolve("explore.json"), "explore.json", Set.of("command", "seed", "calls", "seconds",
            "programsPerSecond", "secondsToFind", "shrinkSeconds"));
        assertThat(Files.readString(dir.resolve("explore.md"))).contains("| `upstream-tries-fix` | 20 | 0 |");
        assertThat(Files.readString(dir.resolve("explore.html"))).contains("<td>upstream-tries-fix</td><td>20</td><td>0</td>");

        final Path v8 = dir.resolve("v8");
        assertThat(run("--designs", "v8", "--seed", "1", "--programs", "1500", "--stop-at-first", "v8",
            "--shrink-seconds", "5", "--out", v8.toString(), "--root", dir.toString())).isEqualTo(ExploreCli.EXIT_FINDINGS);
        assertThat(Files.readString(v8.resolve("explore.md"))).contains("## v8", "IOMMU_HW_QUEUE_ALLOC");
    }
}

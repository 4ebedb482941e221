package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the campaign reads or writes that can be wrong fails in one line naming the file (and line), with an
 * exit code that means something, and no stack trace. The command-line cases run the real {@code main} in a JVM of
 * their own (it exits); each stops before any jcstress or model-checker work.
 */
class BadInputTest
{
    private record Run(int exit, String stderr)
    {
    }

    private static Run campaign(final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Campaign.class.getName(), "--quiet", "--no-model-check"));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), err);
    }

    /** One line, no stack trace. */
    private static void oneLine(final Run r, final int exit, final String expected)
    {
        assertThat(r.stderr()).as(r.stderr()).doesNotContain("\tat ", "Exception in thread").hasLineCount(1)
            .startsWith("iopt-stress campaign: ").contains(expected);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(exit);
    }

    @Test
    void anOutThatCannotBeADirectoryIsAUsageError(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");

        oneLine(campaign("--out", file.resolve("report").toString()), Campaign.EXIT_USAGE,
            "--out " + file.resolve("report") + ": cannot create the directory (");
    }

    @Test
    void aNonEmptyOutIsRefusedAndAReportOfAnotherVersionIsNamed(@TempDir final Path dir) throws Exception
    {
        final Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        oneLine(campaign("--out", used.toString()), Campaign.EXIT_USAGE, "--out " + used + ": not empty; choose an empty or new directory");

        final Path old = Files.createDirectories(dir.resolve("old"));
        Files.writeString(old.resolve("report.json"), "{\n  \"schema\": \"iopt-stress-campaign/0\",\n  \"verdicts\": []\n}\n");
        oneLine(campaign("--out", old.toString()), Campaign.EXIT_USAGE,
            "holds a report written by another version (iopt-stress-campaign/0; this is " + Campaign.SCHEMA + ")");

        assertThat(used.resolve("notes.txt")).hasContent("mine");
        assertThat(used.resolve(OutDir.LOCK)).doesNotExist();
    }

    @Test
    void aSecondCampaignOnTheSameOutIsRefusedWhileTheFirstRuns(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("shared");
        final OutDir first = OutDir.claim(out, Campaign.SCHEMA);
        try
        {
            final Run second = campaign("--out", out.toString());

            oneLine(second, Campaign.EXIT_USAGE, "--out " + out + ": another campaign is writing there (");
            assertThat(second.stderr()).contains("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> OutDir.claim(out, Campaign.SCHEMA)).isInstanceOf(InputError.class)
                .hasMessageContaining("another campaign is writing there");
        }
        finally
        {
            first.close();
        }
        assertThat(out.resolve(OutDir.LOCK)).as("released").doesNotExist();
    }

    @Test
    void aMalformedExpectationsEntryNamesTheFileAndLine(@TempDir final Path dir) throws Exception
    {
        final Path unknownDesign = Files.writeString(dir.resolve("a.properties"),
            "# comment\nv8/unmap-vs-mdev-close = OK\nv9/unmap-vs-mdev-close = FAILED  # no such design\n");
        oneLine(campaign("--out", dir.resolve("r1").toString(), "--expected", unknownDesign.toString()), Campaign.EXIT_USAGE,
            unknownDesign + ":3: unknown design 'v9' (./iopt-stress list)");

        final Path unknownScenario = Files.writeString(dir.resolve("b.properties"), "model-checker:v8/unmap-vs-mdev-clos = OK\n");
        oneLine(campaign("--out", dir.resolve("r2").toString(), "--expected", unknownScenario.toString()), Campaign.EXIT_USAGE,
            unknownScenario + ":1: unknown scenario 'unmap-vs-mdev-clos'");

        final Path badWord = Files.writeString(dir.resolve("c.properties"), "\nv8/* = PASSED\n");
        oneLine(campaign("--out", dir.resolve("r3").toString(), "--expected", badWord.toString()), Campaign.EXIT_USAGE,
            badWord + ":2: verdict must be OK, FAILED or OK|FAILED");

        oneLine(campaign("--out", dir.resolve("r4").toString(), "--expected", dir.resolve("none.properties").toString()),
            Campaign.EXIT_USAGE, "--expected " + dir.resolve("none.properties") + ": no such file");
    }

    @Test
    void aCorruptOrTruncatedJcstressResultFileIsAHarnessErrorNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path garbage = Files.writeString(dir.resolve("jcstress-results-garbage.bin.gz"), "not gzip at all");
        final Path truncated = dir.resolve("jcstress-results-truncated.bin.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated)))
        {
            out.write(new byte[] {0, 0, 0, 42, 1, 2, 3});
        }
        final byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

        for (final Path file : List.of(garbage, truncated))
        {
            assertThatThrownBy(() -> ResultReader.loadOrExplain(file, false)).isInstanceOfSatisfying(InputError.class, e ->
            {
                assertThat(e.exitCode()).isEqualTo(Campaign.EXIT_HARNESS);
                assertThat(e.getMessage()).startsWith("jcstress result file " + file + " is corrupt or truncated (")
                    .doesNotContain("\n");
            });
        }
    }
}

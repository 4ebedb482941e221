package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.ioptstress.stress.Golden;

/** The model-check command line: options, model-check.json, traces, exit codes. */
class ModelCheckCliTest
{
    @Test
    void parsesOptionsAndRejectsUnknownNames()
    {
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {
            "--designs", "v8,upstream", "--scenarios", "unmap-vs-mdev-close", "--budget", "tough", "--repeat", "3", "--out", "x"});

        assertThat(o.designs).containsExactly("v8", "upstream");
        assertThat(o.scenarios).containsExactly("unmap-vs-mdev-close");
        assertThat(o.invocationsPerPair()).isEqualTo(Budget.TOUGH.invocations());
        assertThat(o.budgetName()).isEqualTo("tough");
        assertThat(o.repeat).isEqualTo(3);
        assertThat(ModelCheckOptions.parse(new String[] {"--invocations", "7"}).budgetName()).isEqualTo("custom");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"--designs", "v9"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown design 'v9'").hasMessageContaining("v8");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"--budget", "huge"})).hasMessageContaining("quick, default, tough");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"--repeat", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"--out"})).hasMessageContaining("Missing required parameter for option '--out'");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"-x"})).hasMessageContaining("Unknown option: '-x'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--designs v9                 | unknown design 'v9'",
        "--budget huge                | quick, default, tough",
        "--repeat 0                   | --repeat needs a positive integer",
        "--jobs x                     | --jobs needs a positive integer",
        "--pairs a/b                  | --pairs needs scenario/design",
        "--shard 3/2                  | 0 <= k < N",
        "-x                           | Unknown option: '-x'"})
    void modelCheckRefusesBadInputInOneLine(final String args, final String message)
    {
        assertThatThrownBy(() -> ModelCheckOptions.parse(args.strip().split(" +"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message.strip());
    }

    @Test
    void shardsSplitThePairsRoundRobinInReportOrder()
    {
        final String[] args = {"--designs", "v7,v8,upstream", "--scenarios", "unmap-vs-mdev-close,unmap-vs-access-replace"};
        final List<String[]> all = ModelCheck.pairs(ModelCheckOptions.parse(args));
        final List<String[]> shard1 = ModelCheck.pairs(ModelCheckOptions.parse(
            new String[] {"--designs", "v7,v8,upstream", "--scenarios", "unmap-vs-mdev-close,unmap-vs-access-replace", "--shard", "1/2"}));

        assertThat(all).hasSize(6);
        assertThat(all.get(0)).containsExactly("unmap-vs-mdev-close", "v7");
        assertThat(all.get(3)).containsExactly("unmap-vs-access-replace", "v7");
        assertThat(shard1).hasSize(3);
        assertThat(shard1.get(0)).containsExactly("unmap-vs-mdev-close", "v8");
        assertThat(shard1.get(1)).containsExactly("unmap-vs-access-replace", "v7");
        assertThatThrownBy(() -> ModelCheckOptions.parse(new String[] {"--shard", "2/2"})).hasMessageContaining("0 <= k < N");
    }

    @Test
    void medianOfRepeats()
    {
        assertThat(ModelCheck.median(List.of(5L, 1L, 9L))).isEqualTo(5L);
        assertThat(ModelCheck.median(List.of(4L, 2L))).isEqualTo(3L);
        assertThat(ModelCheck.median(List.of(-1L, 7L))).isEqualTo(7L);
    }

    @Test
    void writesVerdictsTracesAndExitsZeroWhenTheControlFails(@TempDir final Path out) throws Exception
    {
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {
            "--scenarios", "unmap-vs-mdev-close-vs-internal-pin", "--designs", "v8,upstream-notify-fix",
            "--invocations", "10", "--repeat", "2", "--out", out.toString()});
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final int exit = ModelCheck.run(o, "test", new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        final String json = Files.readString(out.resolve("model-check.json"));
        assertThat(json)
            .contains("\"schema\": \"" + ModelCheck.SCHEMA + "\"", "\"exitCode\": 0", "\"loopBound\": " + ModelChecker.LOOP_BOUND)
            .contains("\"design\": \"v8\"", "\"verdict\": \"FAILED\"", "\"label\": \"notify-leaked-ref\"", "\"negativeControl\": true")
            .contains("\"trace\": \"traces/unmap-vs-mdev-close-vs-internal-pin__v8.txt\"")
            .contains("\"design\": \"upstream-notify-fix\"", "\"verdict\": \"OK\"", "\"invocations\": 10")
            .contains("\"problems\": []");
        Golden.assertMatches(out.resolve("model-check.json"), "model-check.json", Set.of("started", "finished",
            "durationSeconds", "command", "cpus", "jdk", "millis", "firstFailureMillis", "detectedMillis",
            "firstFailureMillisRuns", "detectedMillisRuns"));
        assertThat(out.resolve("traces/unmap-vs-mdev-close-vs-internal-pin__v8.txt")).content()
            .contains("replay     java -cp stress-tests/target/jcstress.jar " + ModelCheck.class.getName()
                + " --scenarios unmap-vs-mdev-close-vs-internal-pin --designs v8 --invocations 1");
        assertThat(progress.toString(StandardCharsets.UTF_8))
            .containsPattern("\\[  1/2\\] unmap-vs-mdev-close-vs-internal-pin +v8 +FAILED notify-leaked-ref at interleaving 1")
            .containsPattern("\\[  2/2\\] .*upstream-notify-fix +OK +10 interleavings")
            .contains("2 pairs in");
    }

    @Test
    void jobsRunShardsInSeparateJvmsAndMergeInReportOrder(@TempDir final Path out) throws Exception
    {
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {
            "--scenarios", "unmap-vs-mdev-close-vs-internal-pin", "--designs", "upstream-notify-fix,v8",
            "--invocations", "2", "--jobs", "2", "--out", out.toString()});
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();

        final int exit = ModelCheck.run(o, "test", new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(exit).as(progress.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("job 0: ", "job 1: ", "2 pairs in");
        final String json = Files.readString(out.resolve("model-check.json"));
        assertThat(json).contains("\"jobs\": 2", "\"exitCode\": 0");
        assertThat(json.indexOf("\"design\": \"upstream-notify-fix\"")).isLessThan(json.indexOf("\"design\": \"v8\""));
        assertThat(out.resolve("traces/unmap-vs-mdev-close-vs-internal-pin__v8.txt")).exists();
        try (var files = Files.list(out))
        {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("shard"));
        }
    }

    @Test
    void exitsOneWhenANegativeControlPassesItsBudget(@TempDir final Path out) throws Exception
    {
        /* the unmap's 100 tries need the internal pin to run first: interleaving 3, not the first (no delay point:
           no guided schedule, which finds broken-racy-num-locks' lost update at once) */
        final ModelCheckOptions o = ModelCheckOptions.parse(new String[] {
            "--scenarios", "unmap-vs-internal-pin-same-area", "--designs", "broken-no-lock-check", "--invocations", "1",
            "--out", out.toString()});

        final int exit = ModelCheck.run(o, "test", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(Files.readString(out.resolve("model-check.json")))
            .contains("\"verdict\": \"OK\"", "\"exitCode\": 1")
            .contains("unmap-vs-internal-pin-same-area on broken-no-lock-check: negative control passed 1 interleavings");
    }
}

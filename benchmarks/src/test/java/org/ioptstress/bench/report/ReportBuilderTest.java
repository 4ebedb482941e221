package org.ioptstress.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import com.google.gson.JsonParser;
import org.ioptstress.bench.report.JmhResults.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from a synthetic JMH result file: tables, ratios, crossovers, plots, both formats. */
class ReportBuilderTest
{
    @TempDir
    Path dir;

    private static String result(final String benchmark, final String params, final double score, final double error,
        final double bytes, final String extra)
    {
        return String.format(Locale.ROOT, "{\"jmhVersion\":\"1.37\",\"benchmark\":\"org.ioptstress.bench.%s\","
            + "\"mode\":\"avgt\",\"threads\":1,\"forks\":2,\"jdkVersion\":\"17\",\"vmName\":\"OpenJDK\",\"vmVersion\":\"17\","
            + "\"jvmArgs\":[\"-Xms1g\"],\"warmupIterations\":5,\"warmupTime\":\"1 s\",\"measurementIterations\":5,"
            + "\"measurementTime\":\"1 s\",\"params\":{%s},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,"
            + "\"scoreUnit\":\"ns/op\",\"rawData\":%s},\"secondaryMetrics\":{"
            + "\"gc.alloc.rate.norm\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\",\"rawData\":[[0]]}%s}}",
            benchmark, params, score, error, raw(score, new double[] {1.0, 1.02}), bytes, extra);
    }

    /** Two forks' iteration scores: each fork's median is {@code score} times its factor. */
    private static String raw(final double score, final double[] forkFactors)
    {
        final List<String> forks = new ArrayList<>();
        for (final double f : forkFactors)
        {
            forks.add(String.format(Locale.ROOT, "[%s,%s,%s]", 0.99 * f * score, f * score, 1.01 * f * score));
        }
        return "[" + String.join(",", forks) + "]";
    }

    /** One fork's result as the campaign's default mode writes it: forks 1, each fork a separate entry. */
    private static String fork(final String design, final String accesses, final double median)
    {
        /* v8 spends 80% of its wall time on a CPU, v7 all of it: the CPU-time ratio is 1.25 x the wall-clock one */
        final double cpu = "v8".equals(design) ? 0.8 * median : median;
        return String.format(Locale.ROOT, "{\"benchmark\":\"org.ioptstress.bench.RefusedUnmapBench.unmap\",\"mode\":\"avgt\","
            + "\"threads\":1,\"forks\":1,\"params\":{\"accesses\":\"%s\",\"design\":\"%s\",\"kernel\":\"production\"},"
            + "\"primaryMetric\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"ns/op\",\"rawData\":[[%s,%s,%s]]},"
            + "\"secondaryMetrics\":{\"·cpu.time.norm\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"ns/op\","
            + "\"rawData\":[[%s,%s,%s]]}}}", accesses, design, median, median * 0.98, median, median * 3, cpu, cpu, cpu, cpu);
    }

    private static String counters(final long completed, final long refused)
    {
        return ",\"completed\":{\"score\":" + completed + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"#\",\"rawData\":[[0]]},"
            + "\"refused\":{\"score\":" + refused + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"#\",\"rawData\":[[0]]}";
    }

    /** v8 flat at 20 ns, v7 = 40 + 2 ns per access, v7-hoisted = 21 + 1.5 ns per access. */
    private static List<Result> refusedUnmap()
    {
        final List<String> rs = new ArrayList<>();
        for (final int n : new int[] {0, 1, 4, 16, 64, 256})
        {
            rs.add(result("RefusedUnmapBench.unmap", "\"accesses\":\"" + n + "\",\"design\":\"v8\",\"kernel\":\"production\","
                + "\"queueIndex\":\"last\"", 20, 0.2, 0, counters(0, 1000)));
            rs.add(result("RefusedUnmapBench.unmap", "\"accesses\":\"" + n + "\",\"design\":\"v7\",\"kernel\":\"production\","
                + "\"queueIndex\":\"last\"", 40 + 2.0 * n, 0.4, 0, counters(0, 1000)));
            rs.add(result("RefusedUnmapBench.unmap", "\"accesses\":\"" + n + "\",\"design\":\"v7-hoisted\","
                + "\"kernel\":\"production\",\"queueIndex\":\"last\"", 21 + 1.5 * n, 0.3, 0, counters(0, 1000)));
        }
        rs.add(result("RefusedUnmapBench.floor", "\"design\":\"v8\",\"kernel\":\"production\"", 10, 0.1, 0, ""));
        rs.add(result("RefusedUnmapBench.floor", "\"design\":\"v7-hoisted\",\"kernel\":\"production\"", 10, 0.1, 0, ""));
        rs.add(result("RefusedUnmapBench.floor", "\"design\":\"v7\",\"kernel\":\"production\"", 25, 0.1, 0, ""));
        rs.add(result("PinUnpinBench.internal", "\"design\":\"v8\",\"kernel\":\"production\"", 100, 8, 32, ""));
        rs.add(result("PinUnpinBench.internal", "\"design\":\"v7\",\"kernel\":\"production\"", 98, 1, 32, ""));
        rs.add(result("PinUnpinBench.emulated", "\"design\":\"baseline\",\"kernel\":\"production\"", 97, 1, 32, ""));
        rs.add(result("PinUnpinBench.emulated", "\"design\":\"v8\",\"kernel\":\"production\"", 99, 1, 32, ""));
        rs.add(result("PinUnpinBench.floor", "\"kernel\":\"production\"", 35, 0.5, 0, ""));
        return JmhResults.parse(JsonParser.parseString("[" + String.join(",", rs) + "]").getAsJsonArray());
    }

    @Test
    void writesTablesRatiosCrossoversAndPlots() throws IOException
    {
        final RunInfo info = new RunInfo();
        info.put("mode", "default");
        info.put("commit", "abc123");
        info.put("cpus", "2");
        final List<String> headline = ReportBuilder.write(refusedUnmap(), info, dir);

        final String md = Files.readString(dir.resolve(ReportBuilder.MARKDOWN));
        /* per-design floors, v7/v8 at 0 = 40/20, at 256 = 552/20 */
        assertThat(md).contains("| accesses | v7 (ns/op) | v7-hoisted (ns/op) | v8 (ns/op) | floor v7 | floor v7-hoisted | floor v8 |");
        assertThat(md).contains("| 0 | 2.00 ± 0.03 |").contains("| 256 | 27.60 ± 0.28 |");
        /* slopes 2.0 and 1.5 ns per access; v7 above v8 from 0; v7-hoisted: 21 ± 0.3 vs 20 ± 0.2 is already apart */
        assertThat(md).contains("| v7 | +2.000 | 40.00 | 0 | 0.0 |");
        /* 21 + 1.5 n = 2 x 20 at n = 12.7, interpolated between the points at 4 and 16 */
        assertThat(md).contains("| v7-hoisted | +1.500 | 21.00 | 0 | 12.7 |");
        /* the synthetic forks of every result differ by the same 2%: the fastest forks' ratio is exact, and its
         * bootstrap interval is the other fork (2% slower) on either side, 40 / 20.4 and 40.8 / 20 */
        assertThat(headline.get(0)).contains(
            "v7/v8 2.000 [1.961, 2.040] at accesses=0 -> 27.6 [27.1, 28.2] at 256, above v8 from accesses=0");
        /* no CPU times in these results: the headline quotes the wall-clock fastest forks, the paired beside it */
        assertThat(md).contains("| 1. refused unmap v7/v8 at accesses=256 | 27.6 | [27.1, 28.2] | ±2.0% | yes (above) | 2 "
            + "| - | - | - | 27.6 | [27.6, 27.6] | 27.60 ± 0.28 |");
        /* design/floor uses each design's own floor: v7 40/25 */
        assertThat(md).contains("| 0 | 2.00 ± 0.03 | 1.05 ± 0.02 | 1.60 ± 0.02 | 2.10 ± 0.04 | 2.00 ± 0.03 |");
        /* the unswept figure: a design missing from one part is a dash, not a failure */
        assertThat(md).contains("| baseline | - | - | - | 97.00 ± 1.00 | 0.98 ± 0.01 | 2.77 ± 0.05 |")
            .contains("| v8 | 100.0 ± 8.00 | (reference) |");
        /* the +-5% check names the one result outside it (8%) */
        assertThat(md).contains("`PinUnpinBench.internal` design=v8 kernel=production: 100.0 ± 8.00 ns/op (8.0%)");
        assertThat(md).contains("1. Refused unmap of HW queue memory (an internal pin): v8 100.0% refused, "
            + "v7 100.0% refused, v7-hoisted 100.0% refused.");

        final String html = Files.readString(dir.resolve(ReportBuilder.HTML));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<img src=\"plots/refused-unmap.png\"")
            .contains("<code>area-&gt;num_locks</code>");
        for (final String png : List.of("refused-unmap.png", "refused-unmap-ratio.png", "pin-unpin.png", "allocation.png"))
        {
            final BufferedImage image = ImageIO.read(dir.resolve("plots").resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).as(png).isGreaterThan(800);
        }
        assertThat(Files.readString(dir.resolve(ReportBuilder.SUMMARY))).contains("commit `abc123`");
        golden(md, "bench-report.md");
        golden(html, "bench-report.html");
        golden(Files.readString(dir.resolve(ReportBuilder.SUMMARY)), "bench-summary.md");
    }

    /**
     * The whole report text against golden/{@code name} (src/test/resources): the bench report's output is pinned
     * while its builder is reshaped; {@code -Dgolden.update=true} rewrites the files, for an intended change only.
     */
    private static void golden(final String actual, final String name) throws IOException
    {
        final Path golden = Path.of("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("golden.update"))
        {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).as("%s; -Dgolden.update=true rewrites it", golden).isEqualTo(Files.readString(golden));
    }

    @Test
    void forksOfOneParameterSetMergeAndPairAcrossDesignsAndRuns() throws IOException
    {
        /* run 1: v7/v8 per fork 2.0, 2.2, 1.8 at 0 accesses; 20.0, 20.4, 19.6 at 256; forks interleaved in file order */
        final double[][] run1 = {{20, 10, 22, 10, 18, 10}, {200, 10, 204, 10, 196, 10}};
        /* run 2: 3% lower at 0 accesses, 8% higher at 256 */
        final double[][] run2 = {{19.4, 10, 21.34, 10, 17.46, 10}, {216, 10, 220.32, 10, 211.68, 10}};
        final List<List<Result>> runs = new ArrayList<>();
        for (final double[][] run : List.of(run1, run2))
        {
            final List<String> entries = new ArrayList<>();
            final String[] xs = {"0", "256"};
            for (int x = 0; x < 2; x++)
            {
                for (int k = 0; k < 3; k++)
                {
                    entries.add(fork("v7", xs[x], run[x][2 * k]));
                    entries.add(fork("v8", xs[x], run[x][2 * k + 1]));
                }
            }
            runs.add(JmhResults.parse(JsonParser.parseString("[" + String.join(",", entries) + "]").getAsJsonArray()));
        }
        final List<Result> second = runs.get(1);
        /* six entries per run and sweep value merge into one result per design with its three forks */
        assertThat(second).hasSize(4);
        assertThat(second.get(0).forks()).isEqualTo(3);
        assertThat(second.get(0).primary().forks()).hasSize(3);
        assertThat(second.get(0).primary().samples()).isEqualTo(9);

        final RunInfo info = new RunInfo();
        info.put("mode", "default");
        final List<String> headline = ReportBuilder.write(second, info, dir, runs.get(0), "`run1`");
        final String md = Files.readString(dir.resolve(ReportBuilder.MARKDOWN));
        /* fastest forks (CPU): 1.25 x 0.97 x 1.8 = 2.183 (v7's fastest fork is the one at 1.8 x v8's, whose forks are
         * alike), its bootstrap interval up to v7's second fastest (2.0: 2.425 with probability 0.259) and third
         * (2.2: 2.668, 0.037); wall: 0.97 x cbrt(2.0 x 2.2 x 1.8) = 1.934, times exp(+-0.2494) (t(0.975, 2) x sd /
         * sqrt(3) of the logs); CPU paired: 1.25 x that */
        assertThat(md).contains("| 1. refused unmap v7/v8 at accesses=0 | 2.183 | [2.183, 2.668] | ±11.1% | yes (above) | 3 "
            + "| 2.417 | [1.883, 3.101] | yes (above) | 1.934 | [1.507, 2.481] |");
        /* --compare on the fastest forks (run 1: 18 / 8 and 196 / 8), the paired CPU ratios beside them */
        assertThat(md).contains("| 1. refused unmap v7/v8 at accesses=0 | 2.250 | 2.183 | -3.0% | yes | 2.492 / 2.417 (-3.0%) |")
            .contains("| 1. refused unmap v7/v8 at accesses=256 | 24.5 | 26.5 | +8.0% | **no** | 25.0 / 27.0 (+8.0%) |");
        assertThat(headline.get(0)).isEqualTo("**Reproducibility**: 1 of 2 headline ratios agree within ±5% with `run1`.");
        golden(md, "bench-report-two-runs.md");
    }

    @Test
    void compareCountsTheFastestForksRatioNotThePairedOne() throws IOException
    {
        /* v8 flat at 10; v7 at 20 in run 1, and in run 2 two of its three forks in an episode (1.5x) that v8 does not
         * feel: the paired ratio moves by 31.0%, each side's fastest fork not at all */
        final List<List<Result>> runs = new ArrayList<>();
        for (final double[] v7 : List.of(new double[] {20, 20.2, 20.4}, new double[] {30, 20.2, 30.6}))
        {
            final List<String> entries = new ArrayList<>();
            for (int k = 0; k < 3; k++)
            {
                entries.add(fork("v7", "256", v7[k]));
                entries.add(fork("v8", "256", 10));
            }
            runs.add(JmhResults.parse(JsonParser.parseString("[" + String.join(",", entries) + "]").getAsJsonArray()));
        }
        final RunInfo info = new RunInfo();
        info.put("mode", "default");
        final List<String> headline = ReportBuilder.write(runs.get(1), info, dir, runs.get(0), "`run1`");
        final String md = Files.readString(dir.resolve(ReportBuilder.MARKDOWN));
        assertThat(headline.get(0)).isEqualTo("**Reproducibility**: 1 of 1 headline ratios agree within ±5% with `run1`.");
        assertThat(md).contains("| 1. refused unmap v7/v8 at accesses=256 | 2.500 | 2.525 | +1.0% | yes | 2.525 / 3.309 (+31.0%) |")
            .contains("The paired ratios beside them (CPU time, else wall clock) agree on 0 of 1:");
        /* the headline quotes the fastest forks too, with the episode inside its interval */
        assertThat(headline.get(1)).contains("v7/v8 2.525 [2.525, 3.825] at accesses=256");
    }

    @Test
    void mergeConcatenatesResultFilesAndSkipsEmptyOnes() throws IOException
    {
        final Path a = dir.resolve("a.json");
        final Path b = dir.resolve("b.json");
        final Path empty = dir.resolve("empty.json");
        Files.writeString(a, "[" + result("PinUnpinBench.floor", "\"kernel\":\"production\"", 35, 0.5, 0, "") + "]");
        Files.writeString(b, "[" + result("PinUnpinBench.emulated", "\"design\":\"v8\"", 99, 1, 32, "") + "]");
        Files.writeString(empty, "");
        final Path merged = dir.resolve("merged.json");
        JmhResults.merge(List.of(a, empty, b, dir.resolve("missing.json")), merged);
        final List<Result> results = JmhResults.read(merged);
        assertThat(results).extracting(Result::method).containsExactly("floor", "emulated");
        assertThat(results.get(1).bytesPerOp().score()).isEqualTo(32.0);
        assertThat(results.get(1).primary().samples()).isEqualTo(6);
    }
}

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
            + "\"scoreUnit\":\"ns/op\",\"rawData\":[[1,2,3,4,5],[1,2,3,4,5]]},\"secondaryMetrics\":{"
            + "\"gc.alloc.rate.norm\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\",\"rawData\":[[0]]}%s}}",
            benchmark, params, score, error, bytes, extra);
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
        /* the synthetic raw data is 1..5 in every result, so each median ratio is 1.00 */
        assertThat(headline.get(0)).contains(
            "v7/v8 2.00 ± 0.03 (median 1.00) at accesses=0 -> 27.60 ± 0.28 (median 1.00) at 256, above v8 from accesses=0");
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
        assertThat(results.get(1).primary().samples()).isEqualTo(10);
    }
}

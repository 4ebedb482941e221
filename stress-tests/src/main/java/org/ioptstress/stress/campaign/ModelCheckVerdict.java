package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ioptstress.stress.modelcheck.ModelCheckJson;
import org.ioptstress.stress.support.Json;

/**
 * The model checker's verdict of one (design, scenario), as {@code model-check.json} (schema
 * {@value org.ioptstress.stress.modelcheck.ModelCheck#SCHEMA}) has it; paths are relative to the campaign report.
 *
 * @param verdict            OK, FAILED, SKIPPED or ERROR
 * @param label              the failing outcome's label, {@code hung}, or null
 * @param reason             the failing outcome, the hang, why skipped, the engine error; null when OK
 * @param budget             interleavings allowed
 * @param invocations        interleavings tried (up to the failing one when FAILED)
 * @param exhaustive         OK after every interleaving at Lincheck's switch points
 * @param millis             wall time of the first exploration
 * @param firstFailureMillis median wall time until Lincheck reported the failure, or -1
 * @param detectedMillis     median wall time until the failing trial was judged (FAIL outcomes), or -1
 * @param runs               explorations behind the medians
 * @param trace              the condensed interleaving, or null
 * @param rawTrace           Lincheck's complete output (gzip), or null
 */
public record ModelCheckVerdict(String design, String scenario, Verdict verdict, String label, String reason,
    long budget, long invocations, boolean exhaustive, long millis, long firstFailureMillis, long detectedMillis, int runs,
    String trace, String rawTrace)
{
    public boolean failed()
    {
        return verdict == Verdict.FAILED;
    }

    /** The time to first failure to compare with jcstress's: until the failing trial was judged, else until reported. */
    public long timeToFailureMillis()
    {
        return detectedMillis >= 0 ? detectedMillis : firstFailureMillis;
    }

    /** Every pair of {@code dir/model-check.json}; trace paths made relative to {@code reportDir}. */
    public static List<ModelCheckVerdict> load(final Path dir, final Path reportDir) throws IOException
    {
        return load(dir.resolve("model-check.json"), dir, reportDir);
    }

    /** Every pair of {@code file} (model-check.json or a job's shard file of {@code dir}). */
    public static List<ModelCheckVerdict> load(final Path file, final Path dir, final Path reportDir) throws IOException
    {
        final ModelCheckJson parsed = Json.read(file, ModelCheckJson.class);
        final List<ModelCheckVerdict> all = new ArrayList<>();
        for (final ModelCheckJson.Pair m : parsed.results() == null ? List.<ModelCheckJson.Pair>of() : parsed.results())
        {
            final List<Long> runs = m.firstFailureMillisRuns();
            all.add(new ModelCheckVerdict(m.design(), m.scenario(), Verdict.of(m.verdict()), m.label(), m.reason(), m.budget(),
                m.invocations(), m.exhaustive(), m.millis(), num(m.firstFailureMillis()),
                num(m.detectedMillis()), runs == null ? 0 : runs.size(), path(dir, reportDir, m.trace()),
                path(dir, reportDir, m.rawTrace())));
        }
        return all;
    }

    private static long num(final Long n)
    {
        return n == null ? -1 : n;
    }

    private static String path(final Path dir, final Path reportDir, final String relative)
    {
        return relative == null ? null : reportDir.relativize(dir.resolve(relative)).toString();
    }
}

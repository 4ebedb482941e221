package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.commons.math3.distribution.TDistribution;

/** JMH's JSON result format (-rf json), read back: one {@link Result} per benchmark and parameter set. */
public final class JmhResults
{
    private JmhResults()
    {
    }

    /**
     * A score and JMH's error: the half-width of the 99.9% confidence interval (NaN with too few samples).
     *
     * @param samples the measurement iterations over all forks
     * @param median  the median of those iteration scores (NaN without raw data): unlike the mean, a burst of
     *                load from another process during one iteration barely moves it
     * @param forks   the iteration scores of each fork, in the order the forks ran (empty without raw data):
     *                fork k of one design pairs with fork k of another (see {@link Analysis#paired})
     */
    public record Metric(double score, double error, String unit, int samples, double median,
        List<List<Double>> forks)
    {
        public Metric(final double score, final double error, final String unit, final int samples)
        {
            this(score, error, unit, samples, Double.NaN);
        }

        public Metric(final double score, final double error, final String unit, final int samples,
            final double median)
        {
            this(score, error, unit, samples, median, List.of());
        }

        /** From per-fork iteration scores: JMH's score (the mean) and error (99.9% CI half-width, Student's t). */
        public static Metric ofForks(final String unit, final List<List<Double>> forks)
        {
            final List<Double> all = new ArrayList<>();
            forks.forEach(all::addAll);
            final int n = all.size();
            double sum = 0;
            for (final double v : all)
            {
                sum += v;
            }
            final double mean = n == 0 ? Double.NaN : sum / n;
            double ss = 0;
            for (final double v : all)
            {
                ss += (v - mean) * (v - mean);
            }
            final double error = n < 2 ? Double.NaN
                : new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2) * Math.sqrt(ss / (n - 1) / n);
            return new Metric(mean, error, unit, n, JmhResults.median(all), copy(forks));
        }

        /** error / score, NaN when unknown. */
        public double relativeError()
        {
            return score == 0 ? Double.NaN : error / score;
        }

        public boolean hasError()
        {
            return !Double.isNaN(error) && !Double.isInfinite(error);
        }
    }

    /** One benchmark run with one parameter set. */
    public record Result(String benchmark, String mode, int threads, int forks, Map<String, String> params,
        Metric primary, Map<String, Metric> secondary, String jdkVersion, String vmName, String vmVersion,
        List<String> jvmArgs, int warmupIterations, String warmupTime, int measurementIterations,
        String measurementTime)
    {
        /** The method (or @Group) name. */
        public String method()
        {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        public String param(final String name)
        {
            return params.get(name);
        }

        /** The primary metric for null, a secondary one (a @Group member, an aux counter) otherwise. */
        public Metric metric(final String name)
        {
            return name == null ? primary : secondary.get(name);
        }

        /** cpu.time.norm: worker CPU time per operation (CpuTimeProfiler), or null without it. */
        public Metric cpuPerOp()
        {
            for (final Map.Entry<String, Metric> e : secondary.entrySet())
            {
                if (e.getKey().endsWith(org.ioptstress.bench.CpuTimeProfiler.METRIC))
                {
                    return e.getValue();
                }
            }
            return null;
        }

        /** gc.alloc.rate.norm: bytes allocated per operation (JMH's gc profiler), or null without it. */
        public Metric bytesPerOp()
        {
            for (final Map.Entry<String, Metric> e : secondary.entrySet())
            {
                if (e.getKey().endsWith("gc.alloc.rate.norm"))
                {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /**
     * JMH's {@code -rf json} file.
     *
     * @throws Corrupt one line naming the file (and, from Gson, the line and column) when it is not JMH's JSON
     */
    public static List<Result> read(final Path json) throws IOException
    {
        try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8))
        {
            return parse(JsonParser.parseReader(in).getAsJsonArray());
        }
        catch (final com.google.gson.JsonParseException | IllegalStateException | UnsupportedOperationException
            | NullPointerException | ClassCastException | NumberFormatException ex)
        {
            final String m = String.valueOf(ex.getMessage());
            final int nl = m.indexOf('\n');
            throw new Corrupt(json + ": not JMH's JSON results (" + (ex.getMessage() == null ? ex.getClass().getSimpleName()
                : (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^[\\w.]+Exception: ", "")) + ")");
        }
    }

    /** A results file that is truncated, corrupt or not JMH's. */
    public static final class Corrupt extends IOException
    {
        private static final long serialVersionUID = 1L;

        Corrupt(final String message)
        {
            super(message);
        }
    }

    /**
     * One Result per benchmark and parameter set. Entries that repeat one (the campaign runs each fork as its own
     * JMH run, designs interleaved) are merged in file order, as JMH would have reported them with that many
     * forks: raw data concatenated per fork, score and error recomputed from it.
     */
    public static List<Result> parse(final JsonArray array)
    {
        final Map<String, Result> merged = new LinkedHashMap<>();
        for (final JsonElement e : array)
        {
            final Result r = result(e.getAsJsonObject());
            merged.merge(r.benchmark() + " " + r.params(), r, JmhResults::mergeForks);
        }
        return new ArrayList<>(merged.values());
    }

    /** a's forks, then b's; a metric without raw data keeps a's. */
    static Result mergeForks(final Result a, final Result b)
    {
        final Map<String, Metric> secondary = new LinkedHashMap<>();
        a.secondary().forEach((k, m) -> secondary.put(k, b.secondary().containsKey(k) ? concat(m, b.secondary().get(k)) : m));
        b.secondary().forEach(secondary::putIfAbsent);
        return new Result(a.benchmark(), a.mode(), a.threads(), a.forks() + b.forks(), a.params(),
            concat(a.primary(), b.primary()), Collections.unmodifiableMap(secondary), a.jdkVersion(), a.vmName(),
            a.vmVersion(), a.jvmArgs(), a.warmupIterations(), a.warmupTime(), a.measurementIterations(),
            a.measurementTime());
    }

    private static Metric concat(final Metric a, final Metric b)
    {
        if (a.forks().isEmpty() || b.forks().isEmpty())
        {
            return a;
        }
        final List<List<Double>> forks = new ArrayList<>(a.forks());
        forks.addAll(b.forks());
        return Metric.ofForks(a.unit(), forks);
    }

    private static List<List<Double>> copy(final List<List<Double>> forks)
    {
        final List<List<Double>> c = new ArrayList<>();
        forks.forEach(f -> c.add(List.copyOf(f)));
        return Collections.unmodifiableList(c);
    }

    private static Result result(final JsonObject o)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        if (o.has("params"))
        {
            for (final Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet())
            {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        final Map<String, Metric> secondary = new LinkedHashMap<>();
        if (o.has("secondaryMetrics"))
        {
            for (final Map.Entry<String, JsonElement> m : o.getAsJsonObject("secondaryMetrics").entrySet())
            {
                secondary.put(m.getKey(), metric(m.getValue().getAsJsonObject()));
            }
        }
        final List<String> jvmArgs = new ArrayList<>();
        if (o.has("jvmArgs"))
        {
            o.getAsJsonArray("jvmArgs").forEach(a -> jvmArgs.add(a.getAsString()));
        }
        return new Result(o.get("benchmark").getAsString(), string(o, "mode"), integer(o, "threads"),
            integer(o, "forks"), Collections.unmodifiableMap(params), metric(o.getAsJsonObject("primaryMetric")),
            Collections.unmodifiableMap(secondary), string(o, "jdkVersion"), string(o, "vmName"),
            string(o, "vmVersion"), jvmArgs, integer(o, "warmupIterations"), string(o, "warmupTime"),
            integer(o, "measurementIterations"), string(o, "measurementTime"));
    }

    private static Metric metric(final JsonObject m)
    {
        final List<Double> raw = new ArrayList<>();
        final List<List<Double>> forks = new ArrayList<>();
        if (m.has("rawData"))
        {
            for (final JsonElement fork : m.getAsJsonArray("rawData"))
            {
                final List<Double> its = new ArrayList<>();
                fork.getAsJsonArray().forEach(v -> its.add(number(v)));
                raw.addAll(its);
                forks.add(its);
            }
        }
        return new Metric(number(m.get("score")), number(m.get("scoreError")), string(m, "scoreUnit"), raw.size(),
            median(raw), copy(forks));
    }

    static double median(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return Double.NaN;
        }
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(final JsonElement e)
    {
        if (e == null || e.isJsonNull())
        {
            return Double.NaN;
        }
        try
        {
            return e.getAsDouble();
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    private static String string(final JsonObject o, final String key)
    {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }

    private static int integer(final JsonObject o, final String key)
    {
        return o.has(key) ? o.get(key).getAsInt() : 0;
    }

    /** Concatenates JMH result files (each a JSON array) into one array, as one run would have written it. */
    public static void merge(final List<Path> parts, final Path out) throws IOException
    {
        final JsonArray all = new JsonArray();
        for (final Path part : parts)
        {
            if (!Files.exists(part) || Files.size(part) == 0)
            {
                continue; /* a run whose every benchmark failed writes nothing */
            }
            try (Reader in = Files.newBufferedReader(part, StandardCharsets.UTF_8))
            {
                final JsonElement e = JsonParser.parseReader(in);
                if (e.isJsonArray())
                {
                    all.addAll(e.getAsJsonArray());
                }
            }
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8))
        {
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(all, w);
        }
    }
}

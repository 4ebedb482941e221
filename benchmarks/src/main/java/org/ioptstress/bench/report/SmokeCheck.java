package org.ioptstress.bench.report;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;

/**
 * The CI check of the shaded jar (bound to {@code verify} in benchmarks/pom.xml): {@code java -jar
 * benchmarks.jar -l} must list every @Benchmark of the module's classes and every benchmark the report needs,
 * and the campaign must run each benchmark once in smoke mode (one 50 ms iteration, in process) and write its
 * report. A check that the pipeline works, not a timing. Exit 0, or 1 with what is wrong.
 */
public final class SmokeCheck
{
    private static final String CLASS_PREFIX = "org/ioptstress/bench/";

    private SmokeCheck()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        if (args.length != 1)
        {
            System.err.println("usage: SmokeCheck path/to/benchmarks.jar");
            System.exit(2);
        }
        final List<String> problems = check(Path.of(args[0]).toAbsolutePath());
        problems.forEach(p -> System.err.println("SmokeCheck: " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** What is wrong with the jar: nothing when the list is empty. */
    public static List<String> check(final Path jar) throws IOException, InterruptedException
    {
        final List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar))
        {
            problems.add("no jar at " + jar + " (run `mvn package` first)");
            return problems;
        }
        final Set<String> declared = declaredBenchmarks(jar);
        final Set<String> expected = new TreeSet<>(declared);
        expected.addAll(Catalog.benchmarkNames());
        final Process list = java(List.of("-jar", jar.toString(), "-l"), jar.getParent());
        final String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!list.waitFor(60, TimeUnit.SECONDS) || list.exitValue() != 0)
        {
            problems.add("java -jar benchmarks.jar -l failed:\n" + listing);
        }
        final Set<String> listed = new TreeSet<>();
        listing.lines().map(String::trim).filter(l -> l.startsWith(Catalog.PACKAGE)).forEach(listed::add);
        for (final String name : expected)
        {
            if (!listed.contains(name))
            {
                problems.add("not listed by the jar: " + name + (declared.contains(name) ? "" : " (the report needs it)"));
            }
        }
        System.out.println("SmokeCheck: the jar lists " + listed.size() + " benchmarks; " + declared.size()
            + " declared in the classes, " + Catalog.benchmarkNames().size() + " used by the report");

        final Path out = jar.getParent().resolve("bench-smoke");
        /* a smoke run is no timing: it need not wait for, nor fail on, another JMH run's /tmp/jmh.lock */
        final Process campaign = java(List.of("-Djmh.ignoreLock=true", "-cp", jar.toString(), BenchCampaign.class.getName(), "--mode", "smoke",
            "--out", out.toString(), "--root", jar.getParent().toString()), jar.getParent());
        final String log = new String(campaign.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!campaign.waitFor(300, TimeUnit.SECONDS) || campaign.exitValue() != 0)
        {
            problems.add("BenchCampaign --mode smoke failed (exit " + (campaign.isAlive() ? "timeout" : campaign.exitValue())
                + "):\n" + log);
            return problems;
        }
        for (final String file : List.of(ReportBuilder.MARKDOWN, ReportBuilder.HTML, ReportBuilder.JSON,
            "plots/refused-unmap.png", "plots/allocation.png"))
        {
            if (!Files.isRegularFile(out.resolve(file)) || Files.size(out.resolve(file)) == 0)
            {
                problems.add("the smoke campaign wrote no " + out.resolve(file));
            }
        }
        if (Files.isRegularFile(out.resolve(ReportBuilder.JSON)))
        {
            /* the headline's ratios (fastest forks, paired beside) are of CPU time: every result must carry the profiler's metric */
            for (final JmhResults.Result r : JmhResults.read(out.resolve(ReportBuilder.JSON)))
            {
                if (r.cpuPerOp() == null)
                {
                    problems.add("no " + org.ioptstress.bench.CpuTimeProfiler.METRIC + " (CpuTimeProfiler) in the result of "
                        + r.benchmark() + " " + r.params());
                }
            }
        }
        System.out.println("SmokeCheck: the smoke campaign ran every benchmark once; report in " + out);
        return problems;
    }

    /** Class.method (or Class.group) of every @Benchmark in the jar's benchmark classes. */
    static Set<String> declaredBenchmarks(final Path jar) throws IOException
    {
        final Set<String> names = new TreeSet<>();
        try (JarFile jf = new JarFile(jar.toFile()))
        {
            for (final Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements();)
            {
                final String entry = e.nextElement().getName();
                if (!entry.startsWith(CLASS_PREFIX) || !entry.endsWith(".class") || entry.contains("jmh_generated")
                    || entry.substring(CLASS_PREFIX.length()).contains("/"))
                {
                    continue;
                }
                final String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                final Class<?> c;
                try
                {
                    c = Class.forName(className, false, SmokeCheck.class.getClassLoader());
                }
                catch (final ClassNotFoundException ex)
                {
                    throw new IOException("listed in the jar but not loadable: " + className, ex);
                }
                for (final Method m : c.getDeclaredMethods())
                {
                    if (m.isAnnotationPresent(Benchmark.class))
                    {
                        final Group g = m.getAnnotation(Group.class);
                        names.add(c.getName() + "." + (g == null ? m.getName() : g.value()));
                    }
                }
            }
        }
        return names;
    }

    private static Process java(final List<String> args, final Path dir) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    }
}

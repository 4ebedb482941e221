package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a reader needs to trust and reproduce the figures: machine, JDK, commit, the exact command, the JMH
 * commands of every run, the load before and after, and what failed. Stored beside the JSON, so a report can be
 * re-rendered later ({@code --render-only}) with the facts of the run, not of the re-render.
 */
public final class RunInfo
{
    public static final String FILE = "run-info.properties";

    private final Properties p = new Properties();

    public String get(final String key)
    {
        return p.getProperty(key, "");
    }

    public void put(final String key, final String value)
    {
        p.setProperty(key, value == null ? "" : value);
    }

    public List<String> list(final String key)
    {
        final List<String> values = new ArrayList<>();
        for (int i = 1; p.containsKey(key + "." + i); i++)
        {
            values.add(p.getProperty(key + "." + i));
        }
        return values;
    }

    public void add(final String key, final String value)
    {
        put(key + "." + (list(key).size() + 1), value);
    }

    /** The machine, the JVM, the commit and the command line of this process. */
    public static RunInfo capture(final Path root, final String mode, final String args)
    {
        final RunInfo info = new RunInfo();
        info.put("started", Instant.now().toString());
        info.put("mode", mode);
        info.put("args", args);
        info.put("command", ProcessHandle.current().info().commandLine().orElse("java ... BenchCampaign " + args));
        info.put("launcher", System.getenv().getOrDefault("IOPT_STRESS_COMMAND", ""));
        info.put("cpu", cpuModel());
        info.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("memory", memory());
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        info.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
            + System.getProperty("java.vendor") + ")");
        info.put("hostJvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        info.put("loadStart", loadAverage());
        info.put("commit", git(root, "rev-parse", "--short=12", "HEAD"));
        final String dirty = git(root, "status", "--porcelain", "--untracked-files=all");
        info.put("dirtyFiles", dirty.isEmpty() ? "0" : Long.toString(dirty.lines().count()));
        return info;
    }

    public void finish()
    {
        put("finished", Instant.now().toString());
        put("loadEnd", loadAverage());
    }

    public void store(final Path dir) throws IOException
    {
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8))
        {
            p.store(w, "iopt-stress bench campaign");
        }
    }

    public static RunInfo load(final Path dir) throws IOException
    {
        final RunInfo info = new RunInfo();
        final Path file = dir.resolve(FILE);
        if (Files.exists(file))
        {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                info.p.load(r);
            }
        }
        return info;
    }

    static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            /* not Linux: say so below */
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    static String memory()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith("MemTotal:"))
                {
                    final long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            /* fall through */
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage()
    {
        try
        {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    static String git(final Path root, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        try
        {
            final Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0)
            {
                return "";
            }
            return out;
        }
        catch (final IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}

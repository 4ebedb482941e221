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
import java.util.Locale;
import java.util.Properties;

import org.ioptstress.support.Machine;

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
        info.put("cpu", Machine.cpuModel());
        info.put("cpus", Integer.toString(Machine.cpus()));
        final long mib = Machine.memoryMiB();
        info.put("memory", mib < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", mib / 1024.0));
        info.put("os", Machine.os());
        info.put("jdk", Machine.jdk());
        info.put("hostJvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        info.put("loadStart", Machine.loadAverage());
        info.put("commit", Machine.git(root, "", "rev-parse", "--short=12", "HEAD"));
        final String dirty = Machine.git(root, "", "status", "--porcelain", "--untracked-files=all");
        info.put("dirtyFiles", dirty.isEmpty() ? "0" : Long.toString(dirty.lines().count()));
        return info;
    }

    public void finish()
    {
        put("finished", Instant.now().toString());
        put("loadEnd", Machine.loadAverage());
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
}

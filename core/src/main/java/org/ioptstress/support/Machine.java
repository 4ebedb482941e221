package org.ioptstress.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The facts about this machine, JVM and checkout that every report states (the campaign's report.json run
 * section, the bench report's run-info.properties): one collector, so both reports describe a run the same way.
 */
public final class Machine
{
    private Machine()
    {
    }

    /** e.g. "Linux 6.1.0 amd64". */
    public static String os()
    {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** /proc/cpuinfo's model name, else the architecture with "(model unknown)". */
    public static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            /* not Linux: say so below */
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    public static int cpus()
    {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Physical memory in MiB, -1 when the JVM cannot tell. */
    public static long memoryMiB()
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getTotalMemorySize() >> 20;
        }
        return -1;
    }

    /** e.g. "OpenJDK 64-Bit Server VM 17.0.9+9 (Eclipse Adoptium)". */
    public static String jdk()
    {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
            + System.getProperty("java.vendor") + ")";
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    public static String loadAverage()
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

    /** {@code git -C root args...}'s output (stripped), or {@code orElse} when git fails or is missing. */
    public static String git(final Path root, final String orElse, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        try
        {
            final Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0)
            {
                return orElse;
            }
            return out;
        }
        catch (final IOException ex)
        {
            return orElse;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return orElse;
        }
    }
}

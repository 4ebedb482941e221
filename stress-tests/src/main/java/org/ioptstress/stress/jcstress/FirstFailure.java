package org.ioptstress.stress.jcstress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ioptstress.stress.scenario.Outcome;

/**
 * jcstress's time to first failure, measured inside the forked VM that samples the test. jcstress keeps only
 * outcome counts, so when did a fork first see a FAIL is recorded here: from the first trial the fork built for
 * the test (sampling starts; JVM start and jcstress's setup come before it and are recorded apart) to the first
 * FAIL outcome judged, with the number of trials judged up to it. Off unless the fork's JVM has
 * {@code -D}{@value #PROPERTY}{@code =DIR} (the campaign passes it through {@code -jvmArgs}); then each fork that fails
 * writes one properties file {@code DIR/<test>.<pid>.properties} (see {@link Record}).
 *
 * <p>Termination tests are not measured here: their failure (STALE) is judged by jcstress's harness, not by a
 * trial.
 */
public final class FirstFailure
{
    /** System property naming the directory (absolute, or relative to the fork's working directory). */
    public static final String PROPERTY = "iopt-stress.firstFailureDir";
    /** This VM's recorder, null when the property is not set (every call is then one null check). */
    private static final FirstFailure RECORDER = System.getProperty(PROPERTY) == null ? null
        : new FirstFailure(Paths.get(System.getProperty(PROPERTY)));

    private final Path dir;
    private final Map<String, Clock> clocks = new ConcurrentHashMap<>();

    FirstFailure(final Path dir)
    {
        this.dir = dir;
    }

    /** Per test in this VM: when its first trial was built, trials judged so far, whether a FAIL was written. */
    private static final class Clock
    {
        final long startNanos = System.nanoTime();
        final long startUptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        final AtomicLong judged = new AtomicLong();
        volatile boolean written;
    }

    /** A trial of {@code test} was built (called from the state's constructor). */
    static void trialBuilt(final Class<?> test)
    {
        if (RECORDER != null)
        {
            RECORDER.built(testName(test));
        }
    }

    /** A trial of {@code test} was judged {@code outcome} (called from the arbiter). */
    static void judged(final Class<?> test, final Outcome outcome)
    {
        if (RECORDER != null)
        {
            RECORDER.judged(testName(test), outcome);
        }
    }

    void built(final String test)
    {
        clocks.computeIfAbsent(test, k -> new Clock());
    }

    void judged(final String test, final Outcome outcome)
    {
        final Clock clock = clocks.get(test);
        if (clock == null)
        {
            return;
        }
        final long n = clock.judged.incrementAndGet();
        if (outcome.ok() || clock.written)
        {
            return;
        }
        synchronized (clock)
        {
            if (clock.written)
            {
                return;
            }
            clock.written = true;
            final long millis = (System.nanoTime() - clock.startNanos) / 1_000_000L;
            final Record r = new Record(test, ProcessHandle.current().pid(), clock.startUptimeMillis, millis, n, outcome.label());
            try
            {
                r.write(dir);
            }
            catch (final IOException e)
            {
                /* a measurement, not a verdict: the campaign reports the fork as not measured */
                System.err.println("iopt-stress: cannot record the first failure of " + test + ": " + e);
            }
        }
    }

    /** jcstress's name of a generated test class: {@code Outer.Inner}. */
    static String testName(final Class<?> test)
    {
        return test.getName().replace('$', '.');
    }

    /**
     * One fork's first failure.
     *
     * @param test            jcstress test name
     * @param pid             the fork's process id
     * @param forkStartMillis JVM uptime when the fork built its first trial (JVM start and jcstress setup)
     * @param millis          from the first trial built to the first FAIL judged
     * @param trials          trials judged up to and including the first FAIL
     * @param label           the failing outcome's label
     */
    public record Record(String test, long pid, long forkStartMillis, long millis, long trials, String label)
    {
        /** Writes {@code dir/<test>.<pid>.properties}, atomically (the campaign may read while forks write). */
        public void write(final Path dir) throws IOException
        {
            final Properties p = new Properties();
            p.setProperty("test", test);
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("forkStartMillis", Long.toString(forkStartMillis));
            p.setProperty("millis", Long.toString(millis));
            p.setProperty("trials", Long.toString(trials));
            p.setProperty("label", label);
            Files.createDirectories(dir);
            final Path tmp = dir.resolve(test + "." + pid + ".tmp");
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))
            {
                p.store(w, "iopt-stress: first FAIL outcome of a jcstress fork");
            }
            Files.move(tmp, dir.resolve(test + "." + pid + ".properties"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        /** Reads the files a campaign's forks wrote, by test name (a test sampled by several forks has several). */
        public static Map<String, List<Record>> readAll(final Path dir) throws IOException
        {
            final Map<String, List<Record>> byTest = new TreeMap<>();
            if (!Files.isDirectory(dir))
            {
                return byTest;
            }
            try (var files = Files.list(dir))
            {
                for (final Path f : (Iterable<Path>)files.sorted()::iterator)
                {
                    if (!f.getFileName().toString().endsWith(".properties"))
                    {
                        continue;
                    }
                    final Properties p = new Properties();
                    try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8))
                    {
                        p.load(r);
                    }
                    final Record rec = new Record(p.getProperty("test"), Long.parseLong(p.getProperty("pid")),
                        Long.parseLong(p.getProperty("forkStartMillis")), Long.parseLong(p.getProperty("millis")),
                        Long.parseLong(p.getProperty("trials")), p.getProperty("label"));
                    byTest.computeIfAbsent(rec.test(), k -> new ArrayList<>()).add(rec);
                }
            }
            return byTest;
        }
    }
}

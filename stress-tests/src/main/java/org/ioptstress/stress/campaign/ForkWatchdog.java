package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ioptstress.stress.jcstress.Adapters;

/**
 * The campaign's wall-clock bound on a jcstress fork. The port's hung-task detector ends a deadlocked trial inside
 * its fork in milliseconds; this is the net under it (a hang no detector sees, jcstress's own pre-run sanity check,
 * which never times out): when jcstress reports nothing for {@link #stallMillis} while a fork runs, the fork's thread
 * dump is saved ({@code <work>/hung-fork-<pid>.txt}, {@code jcmd Thread.print}), the test it was running is read
 * from the dump, and the fork (a child of the jcstress process the campaign started) is stopped; jcstress moves on to
 * the next test and the campaign reports that test FAILED {@code hung}, never a harness error.
 */
final class ForkWatchdog implements AutoCloseable
{
    /** jcstress's fork main class: the processes this watchdog may stop. */
    static final String FORK_MAIN = "org.openjdk.jcstress.ForkedMain";
    private static final Pattern TEST = Pattern.compile(Pattern.quote(Adapters.PACKAGE) + "\\.([A-Z][A-Za-z0-9]*)[$_]([A-Z][A-Za-z0-9]*)");

    private final Process jcstress;
    private final Path work;
    private final long stallMillis;
    private final Consumer<String> log;
    /** Test name to its thread dump, relative to the report. */
    private final Map<String, String> hung;
    private final Thread thread;
    private volatile long last = System.nanoTime();
    private volatile boolean closed;

    /**
     * Watches {@code jcstress}'s forks; {@code hung} collects (test name, dump path relative to the report directory,
     * {@code work}'s parent).
     */
    ForkWatchdog(final Process jcstress, final Path work, final long stallMillis, final Consumer<String> log,
        final Map<String, String> hung)
    {
        this.jcstress = jcstress;
        this.work = work;
        this.stallMillis = stallMillis;
        this.log = log;
        this.hung = hung;
        this.thread = new Thread(this::watch, "iopt-stress-fork-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** The bound of a mode: well above the longest a test of that mode runs without jcstress printing a result. */
    static long stallMillis(final Mode mode, final int overrideSeconds)
    {
        if (overrideSeconds > 0)
        {
            return TimeUnit.SECONDS.toMillis(overrideSeconds);
        }
        switch (mode)
        {
            case DEFAULT: return TimeUnit.MINUTES.toMillis(5);
            case TOUGH: return TimeUnit.MINUTES.toMillis(20);
            default: return TimeUnit.MINUTES.toMillis(2);
        }
    }

    /** jcstress printed a line: it is alive. */
    void progress()
    {
        last = System.nanoTime();
    }

    private void watch()
    {
        while (!closed)
        {
            try
            {
                Thread.sleep(Math.min(5_000, Math.max(200, stallMillis / 4)));
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (closed || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last) < stallMillis)
            {
                continue;
            }
            final List<ProcessHandle> forks = jcstress.descendants().filter(ForkWatchdog::isFork).collect(Collectors.toList());
            for (final ProcessHandle fork : forks)
            {
                stop(fork);
            }
            last = System.nanoTime();
        }
    }

    private static boolean isFork(final ProcessHandle p)
    {
        return p.info().commandLine().map(c -> c.contains(FORK_MAIN)).orElse(false)
            || p.info().arguments().map(a -> String.join(" ", a).contains(FORK_MAIN)).orElse(false);
    }

    private void stop(final ProcessHandle fork)
    {
        final String dump = threadDump(fork.pid());
        final Path file = work.resolve("hung-fork-" + fork.pid() + ".txt");
        try
        {
            Files.writeString(file, dump, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            log.accept("  [watchdog] cannot save the thread dump of fork " + fork.pid() + ": " + ex.getMessage());
        }
        final String test = testOf(dump);
        final String relative = work.getParent() == null ? file.toString() : work.getParent().relativize(file).toString();
        hung.put(test == null ? "?" : test, relative);
        log.accept("  [watchdog] fork " + fork.pid() + (test == null ? "" : " (" + test + ")") + " silent for "
            + TimeUnit.MILLISECONDS.toSeconds(stallMillis) + " s: thread dump " + relative + ", fork stopped");
        fork.destroyForcibly();
    }

    /** The test a fork's thread dump shows running (the generated test class in an actor's stack), or null. */
    static String testOf(final String dump)
    {
        final Matcher m = TEST.matcher(dump);
        return m.find() ? Adapters.PACKAGE + "." + m.group(1) + "." + m.group(2) : null;
    }

    private static String threadDump(final long pid)
    {
        final Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        try
        {
            final Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            final byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "no thread dump (" + jcmd + ": " + ex.getMessage() + ")";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /**
     * Turns the verdict of every test whose fork was stopped into FAILED {@code hung}, with its thread dump: a design
     * that hangs is a verdict, not a harness error.
     */
    static void apply(final Map<String, String> hung, final List<TestVerdict> verdicts, final long stallMillis)
    {
        for (final TestVerdict v : verdicts)
        {
            final String dump = hung.get(v.testName);
            if (dump == null)
            {
                continue;
            }
            final String desc = "the fork stopped responding for " + TimeUnit.MILLISECONDS.toSeconds(stallMillis)
                + " s and was stopped; thread dump " + dump;
            v.verdict = Verdict.FAILED;
            v.failure = new TestVerdict.Observed("FAIL hung | " + desc, 1, "FORBIDDEN", desc);
            v.outcomes.add(v.failure);
            v.reason = desc;
            v.samples = Math.max(v.samples, 1);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        thread.interrupt();
    }
}

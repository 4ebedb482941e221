package org.ioptstress.stress.campaign;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A campaign that is stopped keeps what it measured. SIGTERM (a Job's deadline, a pod eviction, a CI timeout) or
 * SIGINT (Ctrl-C) starts the JVM's shutdown; this hook then stops the engines (every java process below this JVM:
 * jcstress, its forks, the model checker's jobs), which makes the campaign's main thread see their output end, read
 * what they finished (jcstress's result file up to the cut, which loses the tests still in its gzip stream's
 * unflushed block, model-check.json as rewritten after every pair), mark
 * the rest NOT_RUN and write the report and units.json; the hook waits for that ({@value #GRACE_PROPERTY}, default
 * 25 s, inside Kubernetes' default 30 s grace period) and the JVM then exits 128 + the signal: 143 for SIGTERM,
 * 130 for SIGINT, as a shell reports a killed process. {@code --resume DIR} runs the rest.
 *
 * <p>Installed only by the command-line entry points; a campaign run in-process (the tests) never sees it.
 */
public final class Stop
{
    static final String GRACE_PROPERTY = "iopt-stress.stopGraceSeconds";
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile boolean requested;

    private Stop()
    {
    }

    public static void install()
    {
        if (INSTALLED.compareAndSet(false, true))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(Stop::onShutdown, "iopt-stress-stop"));
        }
    }

    /** A signal asked the campaign to stop: start nothing new, write what is finished. */
    public static boolean requested()
    {
        return requested;
    }

    /** The entry point wrote everything it will write: the shutdown may proceed. */
    public static void finished()
    {
        DONE.countDown();
    }

    private static void onShutdown()
    {
        if (DONE.getCount() == 0)
        {
            return; /* a normal exit */
        }
        requested = true;
        System.out.println("iopt-stress: stopping: the engines are stopped, the report keeps the units finished so far");
        System.out.flush();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong(GRACE_PROPERTY, 25));
        try
        {
            /* until the report is written: stop every engine, again if the main thread started one meanwhile */
            while (!DONE.await(0, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline)
            {
                stopEngines();
                DONE.await(500, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to every java below this JVM (not git: the report wants its commit), SIGKILL to what survives 3 s. */
    private static void stopEngines() throws InterruptedException
    {
        final List<ProcessHandle> engines = ProcessHandle.current().descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("/java") || c.endsWith("/java.exe")).orElse(false))
            .collect(Collectors.toList());
        engines.forEach(ProcessHandle::destroy);
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (final ProcessHandle p : engines)
        {
            while (p.isAlive() && System.nanoTime() < until)
            {
                Thread.sleep(50);
            }
            if (p.isAlive())
            {
                p.destroyForcibly();
            }
        }
    }
}

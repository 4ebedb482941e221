package org.ioptstress.stress.campaign;

import java.util.List;

import org.ioptstress.stress.modelcheck.Budget;

/**
 * Campaign modes, as jcstress options. Every mode runs one JVM configuration per test (jcstress's default
 * probes several: {@code -jvmArgs} fixes one, {@link JcstressMain} drops the biased-locking duplicate), no
 * split per-actor compilation and no heap pre-touch; the port's races are in its lock protocol, not in JIT
 * reorderings, so the time goes to samples rather than to JVM configurations. Strides of 64 trials (4 of them, quick
 * 1) keep a fixture's footprint (a simulated kernel per trial) small.
 */
public enum Mode
{
    /** Every test is built and runs briefly: a few hundred trials, C1 only. CI's pass over the whole suite. */
    SANITY(List.of("-m", "sanity", "-time", "20"), "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
    /** A short sampling run (1 x 300 ms per test): the power test's mode. */
    POWER(List.of("-m", "quick", "-iters", "1", "-time", "300", "-strideSize", "64", "-strideCount", "4"),
        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
    /**
     * jcstress quick cut to 1 iteration of 300 ms per test, C1 only: the README's campaign (minutes on 2 CPUs). A
     * test's fork costs about 1.1 s before its first trial, so samples are the cheap part; every failure jcstress
     * found in quick mode came within 181 ms of the fork's first trial (the rarest, destroy-busy at ~0.1%, about 8
     * times per 300 ms). The model checker runs only where jcstress does not ({@link EnginePlan#QUICK_RULE}), and
     * either engine runs a negative control only where it must fail ({@link EnginePlan#QUICK_CONTROLS_RULE}). The
     * forks share a class archive ({@link #forkClassArchive()}). One stride of 64 ({@code -strideCount 1}): jcstress's
     * resource estimator ({@code ForkedTestConfig.adjustStrideCount}) runs its sizes 1, 2, 3, ... up to strideSize x
     * strideCount 5 times each, about 1 s of a 2 s fork at 64 x 4; up to 64 it is about a quarter of those trials. Every
     * known-bad pair measured was still found in each of 3 forks, its first failure within 191 trials (README).
     */
    QUICK(List.of("-m", "quick", "-iters", "1", "-time", "300", "-strideSize", "64", "-strideCount", "1"),
        "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
    /** jcstress default, 5 iterations of 1 s per test, tiered C1/C2. */
    DEFAULT(List.of("-m", "default", "-strideSize", "64", "-strideCount", "4"), "-XX:+UseSerialGC"),
    /** jcstress tough, 10 forks of 10 iterations of 1 s per test, tiered C1/C2. */
    TOUGH(List.of("-m", "tough", "-strideSize", "64", "-strideCount", "4"), "-XX:+UseSerialGC");

    private final List<String> args;
    private final String jvmArgs;

    Mode(final List<String> args, final String jvmArgs)
    {
        this.args = args;
        this.jvmArgs = jvmArgs;
    }

    public String id()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The jcstress options of this mode (without -t, -r, -c). */
    public List<String> jcstressArgs()
    {
        return jcstressArgs("");
    }

    /**
     * The jcstress options of this mode with {@code extraJvmArgs} (space-separated, as jcstress splits them)
     * appended to the forks' JVM options.
     */
    public List<String> jcstressArgs(final String extraJvmArgs)
    {
        final java.util.ArrayList<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("-jvmArgs", extraJvmArgs.isBlank() ? jvmArgs : jvmArgs + " " + extraJvmArgs.strip(),
            "-sc", "false", "-pth", "false"));
        return all;
    }

    /**
     * Whether jcstress's forks share a dynamic CDS archive of their classes ({@link JcstressMain#FORK_CDS}): JVM
     * start only, the races unchanged. Quick mode, where a fork's start is a large part of a test's time.
     */
    public boolean forkClassArchive()
    {
        return this == QUICK;
    }

    /** Seconds of program exploration a campaign of this mode runs (./iopt-stress explore); 0 for none. */
    public int exploreSeconds()
    {
        switch (this)
        {
            case QUICK: return 20;
            case DEFAULT: return 120;
            case TOUGH: return 600;
            default: return 0;
        }
    }

    /** The model checker's budget for this mode: the power mode uses the quick one. */
    public Budget modelCheckBudget()
    {
        switch (this)
        {
            case SANITY: return Budget.SANITY;
            case DEFAULT: return Budget.DEFAULT;
            case TOUGH: return Budget.TOUGH;
            default: return Budget.QUICK;
        }
    }

    public static Mode of(final String id)
    {
        for (final Mode m : values())
        {
            if (m.id().equals(id))
            {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + id + "': sanity, quick, default, tough (power for the build's power test)");
    }
}

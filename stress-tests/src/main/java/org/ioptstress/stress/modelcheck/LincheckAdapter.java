package org.ioptstress.stress.modelcheck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckSettings;
import org.jetbrains.lincheck.util.AnalysisSectionsKt;

/**
 * The one class that calls Lincheck. Lincheck 3.7's public API ({@code Lincheck.runConcurrentTest(invocations,
 * block)}) runs the model checker with its default loop thresholds and no way to keep the fixture out of the
 * analysis; the engine needs both, so it relies on four Lincheck internals, each named here and pinned to
 * {@link #PINNED_VERSION} (LincheckAdapterTest resolves every one of them, runs a tiny exploration through them and
 * parses its failure text, and fails when the pom's {@code lincheck.version} is not the pinned one):
 * <ol>
 * <li>{@code Lincheck.runConcurrentTestInternal$lincheck(int, LincheckSettings, Runnable)}: Kotlin's mangled name
 * of the {@code internal} entry point that takes {@link LincheckSettings} (the public one passes its defaults). The
 * settings are the loop thresholds {@link ModelChecker} explains;</li>
 * <li>{@code AnalysisSectionsKt.enterIgnoredSection()} / {@code leaveIgnoredSection()}: public in the bytecode,
 * undocumented. A trial's fixture (a fresh simulated kernel, its objects, lockdep state) and its judgement run on
 * the harness thread with no other thread alive: nothing to interleave, but analysing them costs Lincheck about 25
 * times the actors' own work (every field access of a few thousand fresh objects goes through its object tracker).
 * An ignored section removes that cost and keeps them out of the printed interleaving;</li>
 * <li>{@code LincheckInstrumentation.INSTANCE.ensureObjectIsTransformed(Object)} (the agent, bound reflectively:
 * a runtime dependency of Lincheck): objects created in an ignored section are unknown to Lincheck's lazy
 * instrumentation, so their classes (the port's locks are java.util.concurrent locks) are transformed before an
 * actor touches them; without it an actor blocking on an untransformed ReentrantReadWriteLock parks for real and
 * Lincheck reports a spurious hang;</li>
 * <li>{@code org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure}: the class whose {@code toString()} renders a
 * failure's trace; an exception with its frame on the stack means Lincheck found a failure and broke printing it
 * ({@link #brokeRenderingAFailure}; seen with 3.7: IndexOutOfBoundsException in TraceNodesKt.traceToTree, "GPMC
 * trace is expected", on failing pairs explored after others in one JVM);</li>
 * <li>the text of {@link org.jetbrains.lincheck.LincheckAssertionError}'s message (its header, the hang reason, the
 * "Detailed trace" table), read by {@link LincheckText}: the only report of which interleaving failed.</li>
 * </ol>
 * Upgrading Lincheck: change the pom, run LincheckAdapterTest and ModelCheckerTest, then {@link #PINNED_VERSION}.
 */
final class LincheckAdapter
{
    /** The Lincheck version every internal above was checked against (the root pom's {@code lincheck.version}). */
    static final String PINNED_VERSION = "3.7";

    private static final MethodHandle ENSURE_TRANSFORMED = ensureTransformedHandle();

    private LincheckAdapter()
    {
    }

    /**
     * Model-checks {@code invocation} (one trial per call) over at most {@code invocations} interleavings with the
     * given thresholds. Throws {@link org.jetbrains.lincheck.LincheckAssertionError} on a failure or a hang.
     */
    static void runConcurrentTest(final int invocations, final boolean analyzeStdLib, final int loopIterationsBeforeThreadSwitch,
        final int loopBound, final int recursionBound, final Runnable invocation)
    {
        Lincheck.runConcurrentTestInternal$lincheck(invocations,
            new LincheckSettings(analyzeStdLib, loopIterationsBeforeThreadSwitch, loopBound, recursionBound), invocation);
    }

    /**
     * The model checker's atomic step for a kernel under it (its monitor locks' words, lockdep's bookkeeping):
     * Lincheck's ignored section, entered and left on an actor's thread. Only inside {@link #runConcurrentTest}: before
     * Lincheck's agent is attached its injections class does not resolve, and the JVM remembers that failure.
     */
    static final org.ioptstress.kernel.Kernel.Atomic ATOMIC = new org.ioptstress.kernel.Kernel.Atomic()
    {
        @Override
        public void enter()
        {
            AnalysisSectionsKt.enterIgnoredSection();
        }

        @Override
        public void leave()
        {
            AnalysisSectionsKt.leaveIgnoredSection();
        }
    };

    /** Stops Lincheck from analysing the calling thread until {@link #leaveIgnored()}. */
    static void enterIgnored()
    {
        AnalysisSectionsKt.enterIgnoredSection();
    }

    static void leaveIgnored()
    {
        AnalysisSectionsKt.leaveIgnoredSection();
    }

    /** Lincheck's failure, the class whose {@code toString()} prints a failure's trace. */
    static final String FAILURE_CLASS = "org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure";

    /**
     * Whether {@code ex} was thrown while Lincheck rendered a failure it had found (its trace reporter broke): the
     * exploration did fail, only its printed trace is lost.
     */
    static boolean brokeRenderingAFailure(final Throwable ex)
    {
        for (final StackTraceElement e : ex.getStackTrace())
        {
            if (FAILURE_CLASS.equals(e.getClassName()) && "toString".equals(e.getMethodName()))
            {
                return true;
            }
        }
        return false;
    }

    /** Instruments the classes of every object reachable from {@code root} (a fixture built in an ignored section). */
    static void ensureTransformed(final Object root)
    {
        try
        {
            ENSURE_TRANSFORMED.invoke(root);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("LincheckInstrumentation.ensureObjectIsTransformed failed", t);
        }
    }

    /** The Lincheck version on the class path: the jar's manifest, else (the shaded jar drops it) the pinned one. */
    static String version()
    {
        final String v = Lincheck.class.getPackage().getImplementationVersion();
        return v == null ? PINNED_VERSION : v;
    }

    private static MethodHandle ensureTransformedHandle()
    {
        try
        {
            final Class<?> type = Class.forName("org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation");
            final Object instance = type.getField("INSTANCE").get(null);
            return MethodHandles.publicLookup()
                .findVirtual(type, "ensureObjectIsTransformed", MethodType.methodType(void.class, Object.class))
                .bindTo(instance);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("this Lincheck has no LincheckInstrumentation.ensureObjectIsTransformed(Object)"
                + " (the adapter is written for Lincheck " + PINNED_VERSION + ")", ex);
        }
    }
}

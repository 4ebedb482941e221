package org.ioptstress.stress.modelcheck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;

import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckSettings;
import org.jetbrains.lincheck.util.AnalysisSectionsKt;

/**
 * The one class that calls Lincheck. Lincheck 3.7's public API ({@code Lincheck.runConcurrentTest(invocations,
 * block)}) runs the model checker with its default loop thresholds and no way to keep the fixture out of the
 * analysis; the engine needs both, so it relies on the Lincheck internals below, each named here and pinned to
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
 * "Detailed trace" table), read by {@link LincheckText}: the only report of which interleaving failed;</li>
 * <li>the agent's private static {@code LincheckInstrumentation.transformationProfile} (which classes its class file
 * transformer instruments: {@code LincheckClassFileTransformer.transform} asks its {@code shouldTransform(className)}
 * before touching a class) and {@code FilteredTransformationProfile(includes, excludes, base)} (its own filter of
 * a base profile by class-name globs, which Lincheck builds only for its trace recorder): every run's
 * {@code install(mode)} sets the model checker's default profile, and {@link #ensureTransformed} replaces it, before
 * the run's first class transformation, with that default less {@link #UNINSTRUMENTED}. An ignored section only
 * mutes the hooks Lincheck injects into a class (each still looks up its thread's descriptor: about two thirds of an
 * actor's time was those hooks, session 7's profile); a class left out of the instrumentation has none.</li>
 * </ol>
 * Upgrading Lincheck: change the pom, run LincheckAdapterTest and ModelCheckerTest, then {@link #PINNED_VERSION}.
 */
final class LincheckAdapter
{
    /** The Lincheck version every internal above was checked against (the root pom's {@code lincheck.version}). */
    static final String PINNED_VERSION = "3.7";

    /**
     * The classes Lincheck does not instrument (binary names, or a prefix and a trailing {@code *}: the globs of Lincheck's filter): code that
     * runs whole inside the model checker's atomic step ({@link #ATOMIC}, an ignored section: no switch point, no
     * event in it to lose) or touches only its task's own state. Leaving them out removes no switch point on kernel
     * state another task can see; the calls into them and every access to their fields from instrumented code keep
     * theirs.
     * <ul>
     * <li>{@code Lockdep} and its task state: every hook is one atomic step (lockdep.c: lock_acquire() runs with
     * interrupts off under graph_lock()); what it does outside one reads its task's own held-lock stack or final
     * fields;</li>
     * <li>{@code MonitorLock$Word}: a monitor lock's word, read and written only in the atomic step (under the
     * monitor); the unlocked reads of its owner (hung-task reports) are {@code MonitorLock}'s, instrumented;</li>
     * <li>the lock API ({@code KLock}, {@code Mutex}, {@code SpinLock}, {@code RwSemaphore}): final fields and calls
     * only, the order of checks around the word. What another task can see of a lock is its monitor and its word,
     * {@code MonitorLock}'s (instrumented: its monitor enter, wait and notify stay events). A failure's trace still
     * names {@code mutex_lock()} and the like (Lincheck traces a call at its call site, in the caller);</li>
     * <li>{@code Reports$Site}: the stack walk naming a report's site (the calling task's own stack).</li>
     * </ul>
     * Not KASAN's poison check ({@code KObject.kasan}): it reads the freed flag another task writes, a switch point
     * that must stay. Nor the rest of {@code Reports}: its queue and counters are shared between tasks.
     */
    static final List<String> UNINSTRUMENTED = List.of("org.ioptstress.kernel.Lockdep", "org.ioptstress.kernel.Lockdep$*",
        "org.ioptstress.kernel.MonitorLock$Word", "org.ioptstress.kernel.KLock", "org.ioptstress.kernel.Mutex",
        "org.ioptstress.kernel.SpinLock", "org.ioptstress.kernel.RwSemaphore", "org.ioptstress.kernel.Reports$Site");

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

    /**
     * Instruments the classes of every object reachable from {@code root} (a fixture built in an ignored section),
     * except {@link #UNINSTRUMENTED}: call it once per run, before the run's actors start.
     */
    static void ensureTransformed(final Object root)
    {
        ensureTransformed(root, UNINSTRUMENTED);
    }

    /** {@link #ensureTransformed(Object)} leaving out the classes {@code uninstrumented} names (a test's own). */
    static void ensureTransformed(final Object root, final List<String> uninstrumented)
    {
        keepUninstrumented(uninstrumented);
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

    /**
     * Makes the agent's profile the one it installed less the classes {@code globs} name (each run's install resets
     * it), and takes back out any of those classes already instrumented.
     */
    private static void keepUninstrumented(final List<String> globs)
    {
        try
        {
            Object profile = PROFILE.get(null);
            if (FILTERED.isInstance(profile))
            {
                if (globs.equals(FILTERED.getMethod("getExcludeClasses").invoke(profile)))
                {
                    return;
                }
                profile = FILTERED.getMethod("getBaseProfile").invoke(profile);
            }
            PROFILE.set(null, FILTERED.getConstructor(List.class, List.class, PROFILE.getType())
                .newInstance(List.of(), globs, profile));
            final Object agent = AGENT.getField("INSTANCE").get(null);
            @SuppressWarnings("unchecked")
            final Set<String> instrumented = (Set<String>)AGENT.getMethod("getInstrumentedClasses").invoke(agent);
            final List<Class<?>> back = new java.util.ArrayList<>();
            for (final String name : List.copyOf(instrumented))
            {
                if (matches(globs, name))
                {
                    instrumented.remove(name);
                    back.add(Class.forName(name, false, LincheckAdapter.class.getClassLoader()));
                }
            }
            if (!back.isEmpty())
            {
                AGENT.getMethod("retransformClasses", List.class).invoke(agent, back);
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("this Lincheck has no LincheckInstrumentation.transformationProfile or"
                + " FilteredTransformationProfile(List, List, TransformationProfile) (the adapter is written for Lincheck "
                + PINNED_VERSION + ")", ex);
        }
    }

    /** The binary names of the classes the agent instruments in this run (for tests). */
    @SuppressWarnings("unchecked")
    static Set<String> instrumentedClasses()
    {
        try
        {
            return Set.copyOf((Set<String>)AGENT.getMethod("getInstrumentedClasses").invoke(AGENT.getField("INSTANCE").get(null)));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether {@code className} (a binary name) is one of {@link #UNINSTRUMENTED}. */
    static boolean uninstrumented(final String className)
    {
        return matches(UNINSTRUMENTED, className);
    }

    private static boolean matches(final List<String> globs, final String className)
    {
        for (final String glob : globs)
        {
            final int star = glob.indexOf('*');
            if (star < 0 ? className.equals(glob) : className.startsWith(glob.substring(0, star)))
            {
                return true;
            }
        }
        return false;
    }

    /** The Lincheck version on the class path: the jar's manifest, else (the shaded jar drops it) the pinned one. */
    static String version()
    {
        final String v = Lincheck.class.getPackage().getImplementationVersion();
        return v == null ? PINNED_VERSION : v;
    }

    private static final Class<?> AGENT = agentClass("org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation");
    private static final Class<?> FILTERED = agentClass("org.jetbrains.lincheck.jvm.agent.FilteredTransformationProfile");
    private static final Field PROFILE = profileField();

    private static Class<?> agentClass(final String name)
    {
        try
        {
            return Class.forName(name);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("this Lincheck has no " + name + " (the adapter is written for Lincheck "
                + PINNED_VERSION + ")", ex);
        }
    }

    private static Field profileField()
    {
        try
        {
            final Field f = AGENT.getDeclaredField("transformationProfile");
            f.setAccessible(true);
            return f;
        }
        catch (final NoSuchFieldException ex)
        {
            throw new IllegalStateException("this Lincheck has no LincheckInstrumentation.transformationProfile (the"
                + " adapter is written for Lincheck " + PINNED_VERSION + ")", ex);
        }
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

package org.ioptstress.stress.modelcheck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jetbrains.lincheck.util.AnalysisSectionsKt;

/**
 * The two Lincheck 3.7 internals the engine relies on, kept in one place (they are public in the bytecode but not
 * documented API; a Lincheck upgrade is checked here first).
 *
 * <p>A trial's fixture (a fresh simulated kernel, its objects, lockdep state) and its final judgement run on the
 * harness thread with no other thread alive: they have no interleavings to explore, but analysing them costs
 * Lincheck about 25 times the actors' own work (every field access of a few thousand fresh objects goes through
 * its object tracker). Running them in an <em>ignored section</em> removes that cost and removes them from the
 * printed interleaving, which then shows only the actors. Objects created there are unknown to Lincheck's lazy
 * instrumentation, so their classes (the port's locks are java.util.concurrent locks) are transformed explicitly
 * before an actor touches them: without that, an actor blocking on an untransformed ReentrantReadWriteLock parks
 * for real and Lincheck reports a spurious hang. (The agent is a runtime dependency of Lincheck, so that one call is
 * bound reflectively.)
 */
final class LincheckHooks
{
    private static final MethodHandle ENSURE_TRANSFORMED = ensureTransformedHandle();

    private LincheckHooks()
    {
    }

    /** Stops Lincheck from analysing the calling thread until {@link #leaveIgnored()}. */
    static void enterIgnored()
    {
        AnalysisSectionsKt.enterIgnoredSection();
    }

    static void leaveIgnored()
    {
        AnalysisSectionsKt.leaveIgnoredSection();
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
                + " (written for Lincheck 3.7)", ex);
        }
    }
}

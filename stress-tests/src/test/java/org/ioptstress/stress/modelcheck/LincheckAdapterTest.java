package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.Mutex;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.LincheckSettings;
import org.junit.jupiter.api.Test;

/**
 * The engine's reliance on Lincheck internals ({@link LincheckAdapter}) fails here, loudly and by name, when Lincheck
 * changes: a version other than the pinned one in the pom, an internal entry point renamed, or a failure text
 * {@link LincheckText} no longer reads.
 */
class LincheckAdapterTest
{
    @Test
    void thePomBuildsWithThePinnedLincheck() throws Exception
    {
        final String pom = Files.readString(rootPom(), StandardCharsets.UTF_8);
        final Matcher m = Pattern.compile("<lincheck\\.version>([^<]+)</lincheck\\.version>").matcher(pom);

        assertThat(m.find()).as("lincheck.version in the root pom").isTrue();
        assertThat(m.group(1)).as("the pom's Lincheck is not the one LincheckAdapter was checked against: re-check its"
            + " internals (this test, ModelCheckerTest), then change LincheckAdapter.PINNED_VERSION")
            .isEqualTo(LincheckAdapter.PINNED_VERSION);
        final String jar = Lincheck.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (jar.endsWith(".jar") && jar.contains("/org/jetbrains/lincheck/"))
        {
            assertThat(jar).as("the Lincheck on the class path").endsWith("/lincheck-" + LincheckAdapter.PINNED_VERSION + ".jar");
        }
        assertThat(ModelChecker.LINCHECK_VERSION).isEqualTo(LincheckAdapter.PINNED_VERSION);
    }

    @Test
    void everyInternalTheAdapterCallsIsThere() throws Exception
    {
        /* one trivial exploration first: it attaches the agent, whose bootstrap classes the sections' class refers to */
        LincheckAdapter.runConcurrentTest(1, ModelChecker.ANALYZE_STDLIB, ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH,
            ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () -> { });
        /* the mangled internal entry point taking settings, and the settings' constructor */
        assertThat(Lincheck.class.getMethod("runConcurrentTestInternal$lincheck", int.class, LincheckSettings.class, Runnable.class))
            .isNotNull();
        assertThat(LincheckSettings.class.getConstructor(boolean.class, int.class, int.class, int.class)).isNotNull();
        /* ignored sections, and the agent's transform of a fixture (bound when the adapter loads) */
        final Class<?> sections = Class.forName("org.jetbrains.lincheck.util.AnalysisSectionsKt");
        assertThat(sections.getMethod("enterIgnoredSection")).isNotNull();
        assertThat(sections.getMethod("leaveIgnoredSection")).isNotNull();
        LincheckAdapter.enterIgnored();
        LincheckAdapter.leaveIgnored();
        assertThat(Class.forName("org.jetbrains.lincheck.jvm.agent.LincheckInstrumentation")
            .getMethod("ensureObjectIsTransformed", Object.class)).isNotNull();
    }

    /** A lost update on a plain field: Lincheck must find it, and its failure text must still read as LincheckText expects. */
    @Test
    void aFailureTextStillReadsAsTheEngineExpects()
    {
        final Throwable thrown = catchThrowable(() -> LincheckAdapter.runConcurrentTest(50, ModelChecker.ANALYZE_STDLIB,
            ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH, ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () ->
            {
                final Counter c = new Counter();
                incrementTwiceAtOnce(c::increment, () -> c.value);
            }));

        assertThat(thrown).as("Lincheck found no lost update: its model checker changed").isInstanceOf(LincheckAssertionError.class);
        final String text = thrown.getMessage();
        assertThat(LincheckText.header(text)).isEqualTo("Concurrent test failed");
        assertThat(LincheckText.errorLine(text)).startsWith("java.lang.AssertionError: FAIL lost-update | value 1");
        final LincheckText.Table table = LincheckText.table(text);
        assertThat(table.columns()).as("the Detailed trace's thread columns").hasSizeGreaterThanOrEqualTo(3);
        assertThat(table.steps()).as("the Detailed trace's steps").isNotEmpty();
        /* both threads read 0 with a switch between: the lost update, step by step */
        assertThat(table.steps()).extracting(LincheckText.Step::event).containsSubsequence("value ➜ 0", "switch", "value ➜ 0",
            "value = 1", "value = 1");
    }

    /** The failure class whose toString() prints a trace exists: ModelChecker tells a broken trace printer by it. */
    @Test
    void aThrowableFromLincheckFailureToStringIsABrokenRenderingOfAFoundFailure() throws Exception
    {
        final Class<?> failure = Class.forName(LincheckAdapter.FAILURE_CLASS);
        assertThat(failure.getMethod("toString").getDeclaringClass()).as("%s renders its own trace", failure).isEqualTo(failure);

        final IndexOutOfBoundsException broken = new IndexOutOfBoundsException("Index 2 out of bounds for length 2");
        broken.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.jetbrains.kotlinx.lincheck.trace.TraceNodesKt", "traceToTree", "TraceNodes.kt", 217),
            new StackTraceElement(LincheckAdapter.FAILURE_CLASS, "toString", "LincheckFailure.kt", 24),
            new StackTraceElement("org.jetbrains.lincheck.LincheckAssertionError", "<init>", "LincheckAssertionError.kt", 16)});
        assertThat(LincheckAdapter.brokeRenderingAFailure(broken)).isTrue();
        assertThat(LincheckAdapter.brokeRenderingAFailure(new IllegalStateException("an agent failure"))).isFalse();
    }

    /**
     * A class the adapter keeps out of the instrumentation runs without Lincheck's hooks: the lost update of
     * {@link #aFailureTextStillReadsAsTheEngineExpects} on a class of its own, left out, is one step to Lincheck
     * (no switch point inside), so no interleaving loses it; the same race instrumented (the control) is found.
     */
    @Test
    void aClassKeptOutOfTheInstrumentationHasNoSwitchPoint()
    {
        final List<String> unwatched = List.of(Unwatched.class.getName());
        final Throwable control = catchThrowable(() -> racing(50, List.of(), () -> new Unwatched()));
        assertThat(control).as("the control: the race instrumented is found").isInstanceOf(LincheckAssertionError.class);

        assertThatCode(() -> racing(50, unwatched, () -> new Unwatched()))
            .as("%s left out of Lincheck's instrumentation: its read-modify-write is one step", unwatched)
            .doesNotThrowAnyException();
    }

    /**
     * The kernel's classes the model checker leaves out exist, and a kernel under it is instrumented less them: a
     * lock taken and released by two tasks, its monitor lock instrumented, its lock API and lockdep not.
     */
    @Test
    void theKernelsUninstrumentedClassesAreLeftOutOfARun() throws Exception
    {
        for (final String glob : LincheckAdapter.UNINSTRUMENTED)
        {
            final String name = glob.endsWith("$*") ? glob.substring(0, glob.length() - 2) : glob;
            assertThat(Class.forName(name)).as("%s names a class (renamed? change LincheckAdapter.UNINSTRUMENTED)", glob).isNotNull();
        }
        final AtomicReference<Set<String>> instrumented = new AtomicReference<>();
        LincheckAdapter.runConcurrentTest(3, ModelChecker.ANALYZE_STDLIB, ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH,
            ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () ->
            {
                LincheckAdapter.enterIgnored();
                final Mutex mutex;
                try
                {
                    mutex = new Mutex(new Kernel(Kernel.Config.DEBUG.withHungTaskTimeoutMillis(0)
                        .withModelChecker(LincheckAdapter.ATOMIC)), "test_mutex");
                    LincheckAdapter.ensureTransformed(mutex);
                    instrumented.set(LincheckAdapter.instrumentedClasses());
                }
                finally
                {
                    LincheckAdapter.leaveIgnored();
                }
                final Runnable locked = () ->
                {
                    mutex.lock();
                    mutex.unlock();
                };
                twoAtOnce(locked, "lock");
            });

        assertThat(instrumented.get()).as("the classes instrumented in a run of a kernel under the model checker")
            .contains("org.ioptstress.kernel.MonitorLock", "org.ioptstress.kernel.Kernel")
            .noneMatch(LincheckAdapter::uninstrumented);
    }

    private static void racing(final int invocations, final List<String> unwatched, final java.util.function.Supplier<Unwatched> make)
    {
        LincheckAdapter.runConcurrentTest(invocations, ModelChecker.ANALYZE_STDLIB, ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH,
            ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () ->
            {
                LincheckAdapter.enterIgnored();
                final Unwatched c;
                try
                {
                    c = make.get();
                    LincheckAdapter.ensureTransformed(c, unwatched);
                }
                finally
                {
                    LincheckAdapter.leaveIgnored();
                }
                incrementTwiceAtOnce(c::increment, () -> c.value);
            });
    }

    /** Two threads increment at once; a lost update fails the trial with the text LincheckText reads. */
    private static void incrementTwiceAtOnce(final Runnable increment, final java.util.function.IntSupplier value)
    {
        twoAtOnce(increment, "inc");
        if (value.getAsInt() != 2)
        {
            throw new AssertionError("FAIL lost-update | value " + value.getAsInt());
        }
    }

    private static final class Unwatched
    {
        int value;

        void increment()
        {
            final int v = value;
            value = v + 1;
        }
    }

    private static final class Counter
    {
        int value;

        void increment()
        {
            final int v = value;
            value = v + 1;
        }
    }

    /** Runs {@code task} on two threads at once ({@code name}A, {@code name}B) and waits for both. */
    private static void twoAtOnce(final Runnable task, final String name)
    {
        final Thread a = new Thread(task, name + "A");
        final Thread b = new Thread(task, name + "B");
        a.start();
        b.start();
        try
        {
            a.join();
            b.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Path rootPom()
    {
        final Path here = Paths.get("pom.xml").toAbsolutePath();
        final Path parent = Paths.get("..", "pom.xml").toAbsolutePath();
        return Files.exists(parent) && !Files.exists(Paths.get("stress-tests")) ? parent : here;
    }
}

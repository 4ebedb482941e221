package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                final Thread a = new Thread(c::increment, "incA");
                final Thread b = new Thread(c::increment, "incB");
                a.start();
                b.start();
                join(a);
                join(b);
                if (c.value != 2)
                {
                    throw new AssertionError("FAIL lost-update | value " + c.value);
                }
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

    private static final class Counter
    {
        int value;

        void increment()
        {
            final int v = value;
            value = v + 1;
        }
    }

    private static void join(final Thread t)
    {
        try
        {
            t.join();
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

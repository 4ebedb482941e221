package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/**
 * The guided schedule rests on one Lincheck behaviour: a thread waiting on a monitor is blocked, so Lincheck must
 * run another one, and a notifyAll makes it runnable again. These fail loudly if a Lincheck upgrade changes that
 * (a held actor that runs on, or a hold nobody ends).
 */
class GuideTest
{
    private static final int INTERLEAVINGS = 20;

    /**
     * Actor 0 reaches a delay point and is held until actor 1 returned, so it reads actor 1's write in every
     * interleaving; the same program without the hold has an interleaving where it does not (Lincheck finds it).
     */
    @Test
    void aHeldActorGoesOnOnlyAfterTheOtherRan()
    {
        assertThatCode(() -> explore(true)).as("a held actor ran before the other").doesNotThrowAnyException();

        assertThat(catchThrowable(() -> explore(false))).as("without the hold Lincheck runs actor 0 first")
            .isInstanceOf(LincheckAssertionError.class).hasMessageContaining("read before the write");
    }

    /** Actor 1 sleeps until actor 0 passed its delay point: the sleep ends the hold, or the two would wait for good. */
    @Test
    void aHoldEndsWhenTheOtherActorSleeps()
    {
        assertThatCode(() -> LincheckAdapter.runConcurrentTest(INTERLEAVINGS, ModelChecker.ANALYZE_STDLIB,
            ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH, ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () ->
            {
                final Guide guide = new Guide(2);
                final Signal passed = new Signal(guide);
                final Thread a = actor(guide, () ->
                {
                    guide.yieldHere();
                    passed.raise();
                }, "held");
                final Thread b = actor(guide, passed::await, "sleeper");
                a.start();
                b.start();
                join(a);
                join(b);
            })).as("a hold nobody ended: both actors waited for good").doesNotThrowAnyException();
    }

    private static void explore(final boolean hold)
    {
        LincheckAdapter.runConcurrentTest(INTERLEAVINGS, ModelChecker.ANALYZE_STDLIB,
            ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH, ModelChecker.LOOP_BOUND, ModelChecker.RECURSION_BOUND, () ->
            {
                final Guide guide = new Guide(2);
                final Cell cell = new Cell();
                final Thread a = actor(guide, () ->
                {
                    if (hold)
                    {
                        guide.yieldHere();
                    }
                    cell.seen = cell.value;
                }, "held");
                final Thread b = actor(guide, () -> cell.value = 1, "writer");
                a.start();
                b.start();
                join(a);
                join(b);
                if (cell.seen != 1)
                {
                    throw new AssertionError("read before the write");
                }
            });
    }

    /** An actor's thread as ModelChecker runs it: the guide learns when it returned. */
    private static Thread actor(final Guide guide, final Runnable body, final String name)
    {
        return new Thread(() ->
        {
            try
            {
                body.run();
            }
            finally
            {
                guide.returned();
            }
        }, name);
    }

    private static final class Cell
    {
        int value;
        int seen;
    }

    /** A scenario's wait for another actor, as MapVsUnmapIdentical's progress: announced to the guide as a sleep. */
    private static final class Signal
    {
        private final Guide guide;
        private boolean raised;

        Signal(final Guide guide)
        {
            this.guide = guide;
        }

        synchronized void raise()
        {
            raised = true;
            guide.wakeUp(this);
            notifyAll();
        }

        synchronized void await()
        {
            while (!raised)
            {
                try
                {
                    guide.sleepOn(this, 0);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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
}

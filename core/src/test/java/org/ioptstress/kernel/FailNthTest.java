package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** /proc/self/task/TID/fail-nth: the N-th fallible step of the arming task fails, once. */
class FailNthTest
{
    private final Kernel kernel = new Kernel();
    private final FailNth failNth = kernel.failNth();

    @Test
    void disarmedNothingFails()
    {
        for (int i = 0; i != 10; i++)
        {
            assertThat(kernel.shouldFail("kzalloc")).isFalse();
        }
        assertThat(failNth.disable()).isFalse();
        assertThat(failNth.injectedAt()).isNull();
    }

    @Test
    void theNthStepFailsOnceAndDisableSaysSo()
    {
        failNth.enable(3);
        assertThat(kernel.shouldFail("p1")).isFalse();
        assertThat(kernel.shouldFail("p2")).isFalse();
        assertThat(kernel.shouldFail("p3")).isTrue();
        assertThat(kernel.shouldFail("p4")).as("only one fault per arming").isFalse();
        assertThat(failNth.injectedAt()).isEqualTo("p3");
        assertThat(failNth.disable()).as("reads back 0: injected").isTrue();
        assertThat(failNth.injectedAt()).as("still names the point after disable").isEqualTo("p3");
    }

    @Test
    void aRunShorterThanNEndsTheSweep()
    {
        failNth.enable(5);
        kernel.shouldFail("p1");
        kernel.shouldFail("p2");
        assertThat(failNth.disable()).isFalse();
        assertThat(failNth.injectedAt()).isNull();
        assertThat(kernel.shouldFail("p3")).as("disabled").isFalse();
    }

    @Test
    void enableRearmsAndForgetsTheLastPoint()
    {
        failNth.enable(1);
        assertThat(kernel.shouldFail("a")).isTrue();
        failNth.enable(2);
        assertThat(failNth.injectedAt()).isNull();
        assertThat(kernel.shouldFail("b")).isFalse();
        assertThat(kernel.shouldFail("c")).isTrue();
        assertThat(failNth.injectedAt()).isEqualTo("c");
    }

    @Test
    void otherTasksAreNotCountedNorFailed() throws InterruptedException
    {
        failNth.enable(1);
        final AtomicBoolean otherFailed = new AtomicBoolean(true);
        final Thread other = new Thread(() -> otherFailed.set(kernel.shouldFail("other")));
        other.start();
        other.join();
        assertThat(otherFailed.get()).isFalse();
        assertThat(kernel.shouldFail("mine")).as("the other task's step did not count").isTrue();
        assertThat(failNth.injectedAt()).isEqualTo("mine");
    }

    @Test
    void countsFromOne()
    {
        assertThatThrownBy(() -> failNth.enable(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> failNth.enable(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

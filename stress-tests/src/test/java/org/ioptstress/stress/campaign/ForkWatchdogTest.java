package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The watchdog's two judgements, without a fork: which test a stopped fork's thread dump shows, and that such a test
 * is FAILED {@code hung} with its dump (a verdict, not a harness error). The stop itself was tried by hand: see the
 * issue-11 note ({@code -jvmArgsPrepend -Diopt-stress.hung-task-ms=0} makes a deadlocking control hang its fork).
 */
class ForkWatchdogTest
{
    @Test
    void theTestIsReadFromTheGeneratedRunnerOrTheTestClassInTheDump()
    {
        assertThat(ForkWatchdog.testOf("\t- waiting on <0x1> (a org.ioptstress.stress.jcstress."
            + "UnmapVsUnmapMdevArea_BrokenBugOnAccesses_jcstress$JcstressThread_APICheck_unmap2)"))
            .isEqualTo("org.ioptstress.stress.jcstress.UnmapVsUnmapMdevArea.BrokenBugOnAccesses");
        assertThat(ForkWatchdog.testOf("\tat org.ioptstress.stress.jcstress.UnmapVsMdevClose$V8.unmap(UnmapVsMdevClose.java:40)"))
            .isEqualTo("org.ioptstress.stress.jcstress.UnmapVsMdevClose.V8");
        assertThat(ForkWatchdog.testOf("\"main\" #1 prio=5\n\tat java.lang.Object.wait(Native Method)")).isNull();
    }

    @Test
    void aStoppedForksTestIsFailedHungWithItsDump()
    {
        final TestVerdict stopped = new TestVerdict("d", "s", "jcstress", "pkg.S.D", true);
        stopped.verdict = Verdict.ERROR;
        stopped.reason = "no result";
        final TestVerdict other = new TestVerdict("d2", "s", "jcstress", "pkg.S.D2", false);
        other.verdict = Verdict.OK;

        ForkWatchdog.apply(Map.of("pkg.S.D", "jcstress/hung-fork-42.txt"), List.of(stopped, other), 120_000);

        assertThat(stopped.verdict).isEqualTo(Verdict.FAILED);
        assertThat(PairVerdict.of(stopped, PairVerdict.Judgement.NONE, PairVerdict.Judgement.NONE).failureLabel()).isEqualTo("hung");
        assertThat(stopped.reason).isEqualTo("the fork stopped responding for 120 s and was stopped; thread dump jcstress/hung-fork-42.txt");
        assertThat(other.verdict).isEqualTo(Verdict.OK);
        assertThat(ForkWatchdog.stallMillis(Mode.QUICK, 0)).isEqualTo(120_000);
        assertThat(ForkWatchdog.stallMillis(Mode.TOUGH, 7)).isEqualTo(7_000);
    }
}

package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge's rules, one at a time, from recorded verdicts (no engine). */
class JudgeTest
{
    @TempDir
    Path dir;

    @Test
    void aVerdictTheEntryAllowsIsAsExpectedAnotherIsNot() throws Exception
    {
        final Expectations e = expectations("v7/s = FAILED   # the race");
        final Judge.Judged j = Judge.judge(List.of(jcstress("v7", "s", Verdict.FAILED, false),
            jcstress("v8", "s", Verdict.FAILED, false)), e);

        assertThat(j.pairs().get(0).asExpected()).isTrue();
        assertThat(j.pairs().get(0).expected()).isEqualTo("FAILED");
        assertThat(j.pairs().get(0).expectedNote()).isEqualTo("the race");
        assertThat(j.pairs().get(1).asExpected()).as("no entry: OK expected").isFalse();
        assertThat(j.problems()).singleElement().asString().startsWith("v8 / s: FAILED, expected OK (");
        assertThat(j.exitCode()).isEqualTo(Campaign.EXIT_UNEXPECTED);
    }

    @Test
    void notRunIsNeverAsExpectedErrorIsAHarnessErrorSkippedIsNotJudged() throws Exception
    {
        final Expectations e = expectations("*/s = FAILED");
        final TestVerdict notRun = jcstress("v7", "s", Verdict.NOT_RUN, false);
        notRun.reason = "shard 1/2 never reported";
        final TestVerdict skipped = jcstress("v8", "s", Verdict.SKIPPED, false);

        final Judge.Judged j = Judge.judge(List.of(notRun, skipped), e);
        assertThat(j.exitCode()).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(j.pairs().get(0).asExpected()).isFalse();
        assertThat(j.pairs().get(1).asExpected()).as("skipped: not judged").isTrue();
        assertThat(j.problems()).containsExactly("v7 / s: jcstress not run (shard 1/2 never reported)");

        final TestVerdict error = jcstress("upstream", "s", Verdict.ERROR, false);
        error.reason = "no jcstress result";
        final Judge.Judged withError = Judge.judge(List.of(notRun, skipped, error), e);
        assertThat(withError.exitCode()).as("a harness error outranks an unexpected verdict").isEqualTo(Campaign.EXIT_HARNESS);
        assertThat(withError.pairs().get(2).asExpected()).isFalse();
        assertThat(withError.problems()).contains("upstream / s: no jcstress result");
    }

    @Test
    void aControlsJcstressOkIsExplainedOnlyByItsOwnEntryNeverByAWildcard() throws Exception
    {
        final TestVerdict control = jcstress("broken", "s", Verdict.OK, true);

        final Judge.Judged wildcard = Judge.judge(List.of(control), expectations("*/s = OK|FAILED"));
        assertThat(wildcard.exitCode()).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(wildcard.pairs().get(0).asExpected()).as("the entry allows OK").isTrue();
        assertThat(wildcard.problems()).singleElement().asString().startsWith("broken / s: the negative control passed (10000 samples)");

        final Judge.Judged exact = Judge.judge(List.of(control), expectations("broken/s = OK|FAILED   # rarely reached"));
        assertThat(exact.exitCode()).isEqualTo(Campaign.EXIT_OK);
        assertThat(exact.problems()).isEmpty();

        final Judge.Judged exactFailedOnly = Judge.judge(List.of(control), expectations("broken/s = FAILED"));
        assertThat(exactFailedOnly.problems()).hasSize(2).last().asString().contains("the negative control passed");
    }

    @Test
    void aControlsModelCheckerOkIsExplainedOnlyByAModelCheckerEntry() throws Exception
    {
        final TestVerdict control = jcstress("broken", "s", Verdict.FAILED, true);
        control.modelChecker = mc("broken", "s", Verdict.OK);

        final Judge.Judged shared = Judge.judge(List.of(control), expectations("broken/s = OK|FAILED"));
        assertThat(shared.exitCode()).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(shared.problems()).singleElement().asString()
            .isEqualTo("broken / s: the negative control passed the model checker (60 interleavings)");
        assertThat(shared.pairs().get(0).modelCheckerNote()).startsWith("rare under sampling");

        final Judge.Judged own = Judge.judge(List.of(control),
            expectations("broken/s = FAILED", "model-checker:broken/s = OK   # budget too small"));
        assertThat(own.exitCode()).isEqualTo(Campaign.EXIT_OK);
        assertThat(own.pairs().get(0).modelCheckerNote()).isEqualTo("budget too small");
        assertThat(own.pairs().get(0).modelCheckerAsExpected()).isTrue();
    }

    @Test
    void anUnexplainedDisagreementAsksForAModelCheckerEntry() throws Exception
    {
        final TestVerdict v = jcstress("v8", "s", Verdict.FAILED, false);
        v.modelChecker = mc("v8", "s", Verdict.OK);

        final Judge.Judged j = Judge.judge(List.of(v), expectations("v8/s = FAILED"));

        assertThat(j.pairs().get(0).enginesDisagree()).isTrue();
        assertThat(j.pairs().get(0).modelCheckerAsExpected()).isFalse();
        assertThat(j.problems()).singleElement().asString()
            .startsWith("v8 / s: model checker OK after 60 interleavings, expected FAILED (")
            .endsWith("; jcstress says FAILED: explain the disagreement with a 'model-checker:' entry)");
    }

    @Test
    void modelCheckerNotRunAndErrorAreJudgedLikeJcstresss() throws Exception
    {
        final TestVerdict a = jcstress("v7", "s", Verdict.OK, false);
        a.modelChecker = new ModelCheckVerdict("v7", "s", Verdict.NOT_RUN, null, "shard 0/2 stopped", 0, 0, false, 0, -1, -1, 0, null, null);
        assertThat(Judge.judge(List.of(a), Expectations.none()).exitCode()).isEqualTo(Campaign.EXIT_UNEXPECTED);

        a.modelChecker = new ModelCheckVerdict("v7", "s", Verdict.ERROR, null, "no model-check result", 0, 0, false, 0, -1, -1, 0, null, null);
        final Judge.Judged j = Judge.judge(List.of(a), Expectations.none());
        assertThat(j.exitCode()).isEqualTo(Campaign.EXIT_HARNESS);
        assertThat(j.problems()).containsExactly("v7 / s: model checker: no model-check result");
        assertThat(j.pairs().get(0).asExpected()).isTrue();
        assertThat(j.pairs().get(0).modelCheckerAsExpected()).isFalse();
    }

    @Test
    void theJudgedPairIsFrozen() throws Exception
    {
        final TestVerdict v = jcstress("v7", "s", Verdict.FAILED, false);
        final PairVerdict judged = Judge.judge(List.of(v), expectations("v7/s = FAILED")).pairs().get(0);

        v.verdict = Verdict.OK;
        v.outcomes.clear();
        v.reports.put("WARN_ON", 3L);

        assertThat(judged.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(judged.outcomes()).hasSize(1);
        assertThat(judged.reports()).isEmpty();
        assertThatThrownBy(() -> judged.outcomes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> judged.reports().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void verdictNamesAreTheJsonFiles()
    {
        assertThat(Verdict.of("NOT_RUN")).isEqualTo(Verdict.NOT_RUN);
        assertThat(Verdict.of(null)).isNull();
        assertThatThrownBy(() -> Verdict.of("PASSED")).hasMessage("unknown verdict 'PASSED' (OK, FAILED, SKIPPED, ERROR, NOT_RUN)");
        assertThat(Verdict.OK.judged()).isTrue();
        assertThat(Verdict.SKIPPED.judged()).isFalse();
    }

    private Expectations expectations(final String... lines) throws Exception
    {
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return Expectations.load(file);
    }

    private static TestVerdict jcstress(final String design, final String scenario, final Verdict verdict, final boolean control)
    {
        final TestVerdict v = new TestVerdict(design, scenario, "jcstress", "t." + scenario + "." + design, control);
        v.verdict = verdict;
        v.samples = verdict.judged() ? 10_000 : 0;
        if (verdict == Verdict.FAILED)
        {
            v.failure = new TestVerdict.Observed("FAIL deadlock | x", 30, "FORBIDDEN", "deadlock");
            v.outcomes.add(v.failure);
        }
        return v;
    }

    private static ModelCheckVerdict mc(final String design, final String scenario, final Verdict verdict)
    {
        return new ModelCheckVerdict(design, scenario, verdict, verdict == Verdict.FAILED ? "deadlock" : null, null, 60, 60,
            false, 100, -1, -1, 0, null, null);
    }
}

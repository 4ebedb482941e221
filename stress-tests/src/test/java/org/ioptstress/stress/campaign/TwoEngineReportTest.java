package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ioptstress.stress.Golden;
import org.ioptstress.stress.jcstress.FirstFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ioptstress.stress.support.Json;

/**
 * The campaign's merge of the two engines, from recorded verdicts (no jcstress, no Lincheck): expectations per
 * engine, found by, disagreements and their explanations, time to first failure, the report files.
 */
class TwoEngineReportTest
{
    private static final String SAME_AREA = "unmap-vs-internal-pin-same-area";
    private static final String MDEV_CLOSE = "unmap-vs-mdev-close";
    private static final String THREE_WAY = "unmap-vs-mdev-close-vs-internal-pin";

    @Test
    void foundByDisagreementsAndFirstFailuresReachTheReport(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, String.join("\n",
            "broken-no-lock-check/" + SAME_AREA + " = FAILED   # control",
            "*/" + MDEV_CLOSE + " = OK|FAILED                  # rare destroy-busy",
            "v8/" + THREE_WAY + " = FAILED                     # leaked ref",
            "v8/" + SAME_AREA + " = FAILED                     # as jcstress found it",
            "model-checker:v7/" + SAME_AREA + " = FAILED        # recorded disagreement for this test"));
        final Expectations expectations = Expectations.load(file);
        final Campaign.Options opts = options(List.of("v7", "v8", "broken-no-lock-check"), List.of(SAME_AREA, MDEV_CLOSE, THREE_WAY));
        opts.firstFailureRuns = 3;
        final Campaign.Result r = new Campaign.Result();
        r.modelChecker.putAll(Map.of("budget", "quick", "invocationsPerPair", 60, "report", "model-check/model-check.json"));

        /* the control fails on both engines; jcstress timed it in 2 of 3 forks */
        final TestVerdict control = verdict(r, "broken-no-lock-check", SAME_AREA, Verdict.FAILED, true);
        control.forks = 3;
        control.firstFailures.add(new FirstFailure.Record("t", 1, 300, 40, 900, "deadlock"));
        control.firstFailures.add(new FirstFailure.Record("t", 2, 310, 20, 400, "deadlock"));
        control.modelChecker = failed("broken-no-lock-check", SAME_AREA, "deadlock", 3, 1200);
        /* jcstress missed the rare race the model checker found: explained by OK|FAILED */
        verdict(r, "v8", MDEV_CLOSE, Verdict.OK, false).modelChecker = failed("v8", MDEV_CLOSE, "destroy-busy", 50, 9000);
        /* a disagreement explained by a model-checker: entry */
        verdict(r, "v7", SAME_AREA, Verdict.OK, false).modelChecker = failed("v7", SAME_AREA, "deadlock", 7, 800);
        /* a disagreement nobody explained: jcstress FAILED where the model checker passed */
        final TestVerdict v8 = verdict(r, "v8", SAME_AREA, Verdict.FAILED, false);
        v8.modelChecker = ok("v8", SAME_AREA);
        /* jcstress cannot run three actors here; the model checker can */
        final TestVerdict three = verdict(r, "v8", THREE_WAY, Verdict.SKIPPED, false);
        three.reason = "needs 3 CPUs, machine has 2";
        three.modelChecker = failed("v8", THREE_WAY, "notify-leaked-ref", 4, 2000);
        for (final String d : List.of("v7", "broken-no-lock-check"))
        {
            for (final String s : List.of(MDEV_CLOSE, THREE_WAY))
            {
                verdict(r, d, s, Verdict.OK, false).modelChecker = ok(d, s);
            }
        }

        final int exit = Campaign.judge(r, expectations);

        assertThat(exit).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(r.problems).singleElement().asString()
            .contains("v8 / " + SAME_AREA + ": model checker OK after 60 interleavings")
            .contains("jcstress says FAILED: explain the disagreement");
        final PairVerdict judgedControl = r.pair("broken-no-lock-check", SAME_AREA);
        assertThat(judgedControl.foundBy()).isEqualTo("both");
        assertThat(judgedControl.jcstressFirstFailureMedianMillis()).isEqualTo(40);
        assertThat(r.pair("v8", MDEV_CLOSE).foundBy()).isEqualTo("model checker");
        assertThat(r.pair("v8", MDEV_CLOSE).modelCheckerNote()).startsWith("rare under sampling").endsWith("rare destroy-busy");
        assertThat(r.pair("v7", SAME_AREA).modelCheckerNote()).isEqualTo("recorded disagreement for this test");
        assertThat(r.pair("v7", SAME_AREA).modelCheckerAsExpected()).isTrue();
        assertThat(r.pair("v8", THREE_WAY).enginesDisagree()).as("jcstress skipped it: nothing to disagree with").isFalse();
        assertThat(judgedControl.enginesDisagree()).as("both FAILED").isFalse();
        assertThat(r.judged).filteredOn(PairVerdict::enginesDisagree).hasSize(3);

        RunHeader.fill(r);
        new ReportWriter(r, opts).write(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md)
            .contains("## Found by", "## Engines disagree", "## Time to first failure", "## Skipped by jcstress")
            .contains("v8: the engines disagree on 2 scenario(s)")
            .contains("**unexplained: record it in the expectations file**")
            .contains("FAILED deadlock @3")
            .contains("| " + SAME_AREA + " | broken-no-lock-check | 40 ms (2/3 forks) | 1.2 s (interleaving 3, 3 runs) | jcstress, 30.0x |")
            .contains("[FAILED notify-leaked-ref @4](model-check/traces/" + THREE_WAY + "__v8.txt)");
        /* the Markdown of this campaign as ReportWriter wrote it before the one document model: headings and matrix */
        assertThat(md.lines().filter(l -> l.startsWith("#"))).containsExactly("# iopt-stress campaign", "## Verdicts",
            "## Not as expected", "## Found by", "## Engines disagree", "## Time to first failure", "## Skipped by jcstress",
            "## Scenarios", "### S1 " + SAME_AREA, "### S2 " + MDEV_CLOSE, "### S3 " + THREE_WAY);
        assertThat(md).contains(String.join("\n",
            "| design | S1 | S2 | S3 |",
            "|---|---|---|---|",
            "| v7 | OK<br>mc: FAILED deadlock @7 | OK<br>mc: OK 60 | OK<br>mc: OK 60 |",
            "| v8 | FAILED deadlock 0.3%<br>mc: OK 60 (!) | OK<br>mc: FAILED destroy-busy @50 | skipped<br>mc: FAILED notify-leaked-ref @4 |",
            "| broken-no-lock-check | FAILED deadlock 0.3% (nc)<br>mc: FAILED deadlock @3 | OK<br>mc: OK 60 | OK<br>mc: OK 60 |"));
        /* one document: the page says what the Markdown says, heading for heading, matrix cell for matrix cell */
        final String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        md.lines().filter(l -> l.startsWith("## ")).forEach(h -> assertThat(html).contains(">" + h.substring(3) + "</h2>"));
        assertThat(md).contains("\n- v8 / " + SAME_AREA + ": model checker OK after 60 interleavings");
        assertThat(html).contains("<li>v8 / " + SAME_AREA + ": model checker OK after 60 interleavings");
        assertThat(html).contains("<td class=\"FAILED unexpected\" title=\"FAIL deadlock | x\">FAILED deadlock 0.3%<br>mc: OK 60 (!)</td>")
            .contains("<a href=\"model-check/traces/" + THREE_WAY + "__v8.txt\">FAILED notify-leaked-ref @4</a>");
        final Object json = Json.read(Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> results = (List<Map<String, Object>>)((Map<String, Object>)json).get("results");
        final Map<String, Object> first = results.get(0);
        assertThat(first.get("foundBy")).isEqualTo("both");
        assertThat(first).containsKeys("modelChecker", "firstFailure", "enginesDisagree");
        assertThat(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8)).contains("<h2 id=\"found-by\">Found by</h2>", "mc: FAILED");
        /* the stable interface: every field of every part, pinned (design summaries vary with the designs' text, a problem names the temporary expectations file) */
        Golden.assertMatches(dir.resolve("report.json"), "report.json", Set.of("summary", "problems"));
    }

    @Test
    void aScenarioNotForTheModelCheckerIsReportedNotRunOnThisEngineNeverAsAPassedControl(@TempDir final Path dir)
        throws Exception
    {
        final String busy = "unmap-vs-mdev-close-destroy-busy";
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, "*/" + busy + " = FAILED   # destroy-busy\n");
        final Campaign.Options opts = options(List.of("v8"), List.of(busy));
        final Campaign.Result r = new Campaign.Result();
        r.modelChecker.putAll(Map.of("budget", "quick", "invocationsPerPair", 60, "report", "model-check/model-check.json"));
        final TestVerdict v8 = verdict(r, "v8", busy, Verdict.FAILED, true);
        final String why = org.ioptstress.stress.scenario.Scenarios.byId(busy)
            .notRunOn(org.ioptstress.stress.scenario.Scenario.MODEL_CHECKER);
        v8.modelChecker = new ModelCheckVerdict("v8", busy, Verdict.SKIPPED, null,
            org.ioptstress.stress.modelcheck.ModelChecker.NOT_ON_THIS_ENGINE + why, 60, 0, false, 0, -1, -1, 0, null, null);

        assertThat(Campaign.judge(r, Expectations.load(file))).isEqualTo(Campaign.EXIT_OK);
        assertThat(r.problems).isEmpty();
        assertThat(r.pair("v8", busy).enginesDisagree()).isFalse();
        assertThat(r.pair("v8", busy).foundBy()).isEqualTo("jcstress");

        RunHeader.fill(r);
        new ReportWriter(r, opts).write(dir);
        final String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("## Not run on an engine", "| " + busy + " | model checker | every design | " + why + " |", "mc: n/a")
            .contains("| not run on this engine |");
    }

    @Test
    void jcstressMedianCountsForksThatNeverFailedAsSlowest()
    {
        final TestVerdict v = new TestVerdict("d", "s", "jcstress", "t", false);
        v.verdict = Verdict.FAILED;
        v.forks = 5;
        v.firstFailures.add(new FirstFailure.Record("t", 1, 0, 30, 1, "x"));
        v.firstFailures.add(new FirstFailure.Record("t", 2, 0, 10, 1, "x"));
        assertThat(frozen(v).jcstressFirstFailureMedianMillis()).as("2 of 5 failed: the median never failed").isEqualTo(-1);
        v.firstFailures.add(new FirstFailure.Record("t", 3, 0, 20, 1, "x"));
        assertThat(frozen(v).jcstressFirstFailureMedianMillis()).isEqualTo(30);
        v.forks = 4;
        assertThat(frozen(v).jcstressFirstFailureMedianMillis()).isEqualTo(25);
    }

    private static PairVerdict frozen(final TestVerdict v)
    {
        return PairVerdict.of(v, PairVerdict.Judgement.NONE, PairVerdict.Judgement.NONE);
    }

    @Test
    void forkRecordsRoundTrip(@TempDir final Path dir) throws Exception
    {
        final FirstFailure.Record a = new FirstFailure.Record("pkg.Outer.V8", 11, 420, 37, 1234, "notify-leaked-ref");
        final FirstFailure.Record b = new FirstFailure.Record("pkg.Outer.V8", 12, 400, 12, 99, "notify-leaked-ref");
        a.write(dir);
        b.write(dir);

        assertThat(FirstFailure.Record.readAll(dir)).containsOnlyKeys("pkg.Outer.V8");
        assertThat(FirstFailure.Record.readAll(dir).get("pkg.Outer.V8")).containsExactlyInAnyOrder(a, b);
        assertThat(FirstFailure.Record.readAll(dir.resolve("missing"))).isEmpty();
    }

    /** hwqueue-destroy-vs-unmap-liveness: jcstress's Termination harness rarely reaches v8's leak, the model checker does. */
    @Test
    void aControlsJcstressOkIsExplainedOnlyByAnEntryNamingThePair(@TempDir final Path dir) throws Exception
    {
        final String liveness = "hwqueue-destroy-vs-unmap-liveness";
        final Path file = dir.resolve("expected.properties");
        Files.writeString(file, String.join("\n",
            "v8/" + liveness + " = OK|FAILED                        # jcstress rarely reaches it",
            "model-checker:v8/" + liveness + " = FAILED",
            "*/" + liveness + " = OK|FAILED                         # a wildcard explains no control's OK"));
        final Expectations expectations = Expectations.load(file);
        final Campaign.Result r = new Campaign.Result();
        verdict(r, "v8", liveness, Verdict.OK, true).modelChecker = failed("v8", liveness, "hung", 3, 900);
        verdict(r, "upstream", liveness, Verdict.OK, true).modelChecker = failed("upstream", liveness, "hung", 3, 900);

        final int exit = Campaign.judge(r, expectations);

        assertThat(exit).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(r.problems).singleElement().asString()
            .startsWith("upstream / " + liveness + ": the negative control passed");
    }

    private static Campaign.Options options(final List<String> designs, final List<String> scenarios)
    {
        final Campaign.Options o = new Campaign.Options();
        o.designs = designs;
        o.scenarios = scenarios;
        return o;
    }

    private static TestVerdict verdict(final Campaign.Result r, final String design, final String scenario,
        final Verdict verdict, final boolean control)
    {
        final TestVerdict v = new TestVerdict(design, scenario, "jcstress", "t." + scenario + "." + design, control);
        v.verdict = verdict;
        v.samples = verdict == Verdict.SKIPPED ? 0 : 10_000;
        if (verdict == Verdict.FAILED)
        {
            v.failure = new TestVerdict.Observed("FAIL deadlock | x", 30, "FORBIDDEN", "deadlock");
            v.outcomes.add(v.failure);
        }
        r.verdicts.add(v);
        return v;
    }

    private static ModelCheckVerdict failed(final String design, final String scenario, final String label,
        final long invocation, final long millis)
    {
        return new ModelCheckVerdict(design, scenario, Verdict.FAILED, label, "FAIL " + label + " | x", 60, invocation,
            false, millis + 500, millis + 400, millis, 3, "model-check/traces/" + scenario + "__" + design + ".txt", null);
    }

    private static ModelCheckVerdict ok(final String design, final String scenario)
    {
        return new ModelCheckVerdict(design, scenario, Verdict.OK, null, null, 60, 60, false, 4000, -1, -1, 0, null, null);
    }
}

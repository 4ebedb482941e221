package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns both engines' results into judged, immutable {@link PairVerdict}s: each verdict against the expectations
 * file, and every negative control against the rule that it must fail. All of the campaign's judgement is here.
 *
 * <p>The rules: a verdict outside its entry's allowed verdicts is unexpected (exit 1); NOT_RUN is never as
 * expected (exit 1); ERROR is a harness error (exit 3); SKIPPED is not judged. A negative control that passes is
 * unexpected, unless an entry naming this very pair (jcstress: {@code design/scenario}; the model checker: a
 * {@code model-checker:} entry) allows OK: a wildcard never explains a control's OK.
 */
final class Judge
{
    /** The judged pairs, in the order given; the problems to report; the exit code they make. */
    record Judged(List<PairVerdict> pairs, List<String> problems, int exitCode)
    {
    }

    private final Expectations expectations;
    private final List<String> problems = new ArrayList<>();
    private boolean unexpected;
    private boolean harness;

    private Judge(final Expectations expectations)
    {
        this.expectations = expectations;
    }

    static Judged judge(final List<TestVerdict> verdicts, final Expectations expectations)
    {
        final Judge j = new Judge(expectations);
        final List<PairVerdict> pairs = new ArrayList<>();
        for (final TestVerdict v : verdicts)
        {
            pairs.add(PairVerdict.of(v, j.jcstress(v), PairVerdict.Judgement.NONE));
        }
        /* the model checker's problems follow jcstress's, as the report has always listed them */
        for (int i = 0; i < pairs.size(); i++)
        {
            final TestVerdict v = verdicts.get(i);
            if (v.modelChecker != null)
            {
                pairs.set(i, PairVerdict.of(v, pairs.get(i).jcstressJudged(), j.modelChecker(v)));
            }
        }
        return new Judged(List.copyOf(pairs), List.copyOf(j.problems),
            j.harness ? Campaign.EXIT_HARNESS : j.unexpected ? Campaign.EXIT_UNEXPECTED : Campaign.EXIT_OK);
    }

    private PairVerdict.Judgement jcstress(final TestVerdict v)
    {
        final Expectations.Entry e = expectations.of(v.design, v.scenario);
        switch (v.verdict)
        {
            case NOT_RUN:
                /* nobody ran it (a shard missing from a merge, a stopped campaign): never OK */
                unexpected = true;
                problem(v, "jcstress not run (" + v.reason + ")");
                return new PairVerdict.Judgement(e.text(), e.note(), false);
            case ERROR:
                harness = true;
                problem(v, v.reason);
                return new PairVerdict.Judgement(e.text(), e.note(), false);
            case SKIPPED:
                return new PairVerdict.Judgement(e.text(), e.note(), true);
            default:
                break;
        }
        final boolean as = e.allows(v.verdict);
        if (!as)
        {
            unexpected = true;
            problem(v, v.verdict + ", expected " + e.text() + " (" + expectations.source() + " " + e.key() + ")");
        }
        /*
         * an OK the expectations file records for this very pair is explained (jcstress rarely reaches the window,
         * the model checker's own entry says FAILED), as for the model checker below; a wildcard never explains it
         */
        if (v.negativeControl && v.verdict == Verdict.OK
            && !(e.allows(Verdict.OK) && e.key().equals(v.design + "/" + v.scenario)))
        {
            unexpected = true;
            problem(v, "the negative control passed (" + v.samples + " samples): the scenario did not show the failure it must show");
        }
        return new PairVerdict.Judgement(e.text(), e.note(), as);
    }

    private PairVerdict.Judgement modelChecker(final TestVerdict v)
    {
        final ModelCheckVerdict mc = v.modelChecker;
        final Expectations.Entry e = expectations.ofModelChecker(v.design, v.scenario);
        final boolean ownEntry = expectations.hasModelCheckerEntry(v.design, v.scenario);
        final String note = ownEntry ? e.note()
            : e.verdicts().size() > 1 ? "rare under sampling, found or missed by either engine: " + e.note() : "";
        switch (mc.verdict())
        {
            case NOT_RUN:
                unexpected = true;
                problem(v, "model checker not run (" + mc.reason() + ")");
                return new PairVerdict.Judgement(e.text(), note, false);
            case ERROR:
                harness = true;
                problem(v, "model checker: " + mc.reason());
                return new PairVerdict.Judgement(e.text(), note, false);
            case SKIPPED:
                return new PairVerdict.Judgement(e.text(), note, true);
            default:
                break;
        }
        final boolean as = e.allows(mc.verdict());
        if (!as)
        {
            unexpected = true;
            problem(v, "model checker " + mc.verdict()
                + (mc.failed() ? " " + mc.label() + " at interleaving " + mc.invocations() : " after " + mc.invocations()
                    + " interleavings") + ", expected " + e.text() + " (" + expectations.source() + " " + e.key()
                + (PairVerdict.disagree(v.verdict, mc) ? "; jcstress says " + v.verdict
                    + ": explain the disagreement with a '" + Expectations.MODEL_CHECKER + ":' entry" : "") + ")");
        }
        /* an OK the expectations file records for this engine is explained (a budget too small for it) */
        if (v.negativeControl && mc.verdict() == Verdict.OK && !(ownEntry && e.allows(Verdict.OK)))
        {
            unexpected = true;
            problem(v, "the negative control passed the model checker (" + mc.invocations() + " interleavings"
                + (mc.exhaustive() ? ", all of them" : "") + ")");
        }
        return new PairVerdict.Judgement(e.text(), note, as);
    }

    private void problem(final TestVerdict v, final String what)
    {
        problems.add(v.design + " / " + v.scenario + ": " + what);
    }
}

package org.ioptstress.stress.campaign;

import static org.ioptstress.stress.campaign.ReportCells.cell;
import static org.ioptstress.stress.campaign.ReportCells.faster;
import static org.ioptstress.stress.campaign.ReportCells.jcstressFirstFailure;
import static org.ioptstress.stress.campaign.ReportCells.mcCell;
import static org.ioptstress.stress.campaign.ReportCells.modelCheckerFirstFailure;
import static org.ioptstress.stress.campaign.ReportCells.notOnThisEngine;
import static org.ioptstress.stress.campaign.ReportCells.pct;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Json;
import org.ioptstress.stress.support.doc.Doc;
import org.ioptstress.stress.support.doc.Doc.Cell;
import org.ioptstress.stress.support.doc.Doc.Table;

/**
 * Writes a campaign's report.json (the stable interface, schema {@value Campaign#SCHEMA}; see
 * stress-tests/CAMPAIGN.md for its fields) and its report.md and report.html, both rendered from one
 * {@link Doc} built once from the judged pairs, so the two say the same things.
 */
final class ReportWriter
{
    /** The HTML page's colours for the matrix's verdict classes. */
    private static final String STYLE = ".OK{background:#dfd} .FAILED{background:#fcc} .SKIPPED{background:#eee}"
        + " .ERROR{background:#fc8} .NOT_RUN{background:#fff} .unexpected{outline:3px solid #c00}";
    private final Campaign.Result r;
    private final Campaign.Options opts;

    ReportWriter(final Campaign.Result r, final Campaign.Options opts)
    {
        this.r = r;
        this.opts = opts;
    }

    void write(final Path out) throws IOException
    {
        Files.write(out.resolve("report.json"), Json.write(ReportJson.of(r, opts)).getBytes(StandardCharsets.UTF_8));
        final Doc doc = document();
        Files.write(out.resolve("report.md"), doc.markdown().getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("report.html"), doc.html().getBytes(StandardCharsets.UTF_8));
    }

    /** The report: the run, the verdict matrix, what is not as expected, the engines side by side, every scenario. */
    Doc document()
    {
        final Doc doc = new Doc("iopt-stress campaign").style(STYLE);
        final Table run = new Table(List.of("", "")).leftAligned();
        for (final String k : List.of("command", "mode", "started", "durationSeconds", "commit", "dirty", "os", "cpuModel",
            "cpus", "memoryMiB", "jdk", "jcstress", "expectations"))
        {
            run.rowOf(List.of(k, "`" + r.run.get(k) + "`"));
        }
        run.rowOf(List.of("jcstress options", "`" + String.join(" ", r.jcstressArgs) + "`"
            + (opts.mode.forkClassArchive() ? "; forks share a class archive (dynamic CDS: JVM start only, the races unchanged)" : "")
            + (opts.mode == Mode.QUICK ? "; " + EnginePlan.QUICK_CONTROLS_RULE + ": see Not run on an engine" : "")));
        run.rowOf(List.of("model checker", modelCheckerRun()));
        run.rowOf(List.of("first-failure runs", opts.firstFailureRuns + " per failing pair and engine"));
        run.rowOf(List.of("exit code", Integer.toString(r.exitCode)));
        doc.table(run).para(links());

        doc.heading(2, "Verdicts").para("Rows are designs, columns scenarios (below). jcstress first: OK, no forbidden"
            + " outcome in any sample; FAILED, the most frequent forbidden outcome's label and frequency."
            + (r.modelChecker.isEmpty() ? "" : " Then `mc:` the model checker: OK and the interleavings explored (`all`:"
                + " every one at its switch points), or FAILED, the outcome's label and the interleaving (`@n`) that showed it.")
            + " (nc): the scenario's negative control, which must fail. (!): differs from the recorded expectation.");
        final List<String> header = new ArrayList<>(List.of("design"));
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            header.add("S" + (i + 1));
        }
        final Table matrix = new Table(header).leftAligned();
        for (final String d : opts.designs)
        {
            final List<Cell> row = new ArrayList<>(List.of(Cell.of(d)));
            for (final String s : opts.scenarios)
            {
                final PairVerdict v = r.pair(d, s);
                row.add(new Cell(cell(v) + (v.modelChecker() == null ? "" : "\nmc: " + mcCell(v)),
                    v.verdict() + (v.asExpected() && v.modelCheckerAsExpected() ? "" : " unexpected"),
                    v.failure() == null ? v.reason() : v.failure().id()));
            }
            matrix.row(row);
        }
        doc.table(matrix);
        final List<String> legend = new ArrayList<>();
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            final Scenario s = Scenarios.byId(opts.scenarios.get(i));
            legend.add("**S" + (i + 1) + "** `" + s.id() + "`: " + s.race());
        }
        doc.bullets(legend);
        if (!r.problems.isEmpty())
        {
            doc.heading(2, "Not as expected").bullets(r.problems);
        }
        engineSections(doc);
        scenarios(doc);
        return doc;
    }

    private String links()
    {
        final StringBuilder sb = new StringBuilder("jcstress's own report: [jcstress/results/index.html](jcstress/results/index.html)");
        if (r.benchReport != null)
        {
            sb.append(" · benchmarks: ").append(r.benchReport.contains(" ") ? r.benchReport : Doc.link(r.benchReport, r.benchReport));
        }
        if (r.exploreReport != null)
        {
            sb.append(" · exploration: ").append(r.exploreReport.startsWith("explore/")
                ? Doc.link(r.exploreReport.replaceFirst(" .*", ""), "explore/explore.md") + r.exploreReport.replaceFirst("^\\S+", "")
                : r.exploreReport);
        }
        return sb.toString();
    }

    private String modelCheckerRun()
    {
        if (r.modelChecker.isEmpty())
        {
            return "not run (`--no-model-check`)";
        }
        return "Lincheck " + ModelChecker.LINCHECK_VERSION + " model checking, budget " + r.modelChecker.get("budget") + " ("
            + r.modelChecker.get("invocationsPerPair") + " interleavings per pair), "
            + Doc.link("model-check.json", String.valueOf(r.modelChecker.get("report")))
            + (opts.mode == Mode.QUICK ? "; " + EnginePlan.QUICK_RULE + ": see Not run on an engine" : "");
    }

    /** One section: its heading, what it shows, its table, or what an empty one means. */
    private static void section(final Doc doc, final String title, final String intro, final Table table, final String empty)
    {
        doc.heading(2, title).para(intro);
        if (table.isEmpty())
        {
            doc.para(empty);
        }
        else
        {
            doc.table(table);
        }
    }

    private static Cell mcCellLinked(final PairVerdict v)
    {
        return v.modelChecker() == null ? Cell.of("not run") : Cell.link(mcCell(v), v.modelChecker().trace());
    }

    /** Found by, engine disagreements, time to first failure, skipped tests: the two engines side by side. */
    private void engineSections(final Doc doc)
    {
        final List<PairVerdict> failing = r.judged.stream().filter(v -> v.verdict() == Verdict.FAILED
            || v.modelChecker() != null && v.modelChecker().failed()).collect(Collectors.toList());
        if (!r.modelChecker.isEmpty())
        {
            final Table found = new Table(List.of("scenario", "design", "found by", "jcstress", "model checker", "trace", "raw"))
                .leftAligned();
            for (final PairVerdict v : failing)
            {
                final ModelCheckVerdict mc = v.modelChecker();
                found.row(List.of(Cell.of(v.scenario()), Cell.of(v.design() + (v.negativeControl() ? " (nc)" : "")),
                    Cell.strong(v.foundBy()), Cell.link(cell(v), v.jcstressPage()), Cell.of(mcCell(v)),
                    Cell.link(mc == null || mc.trace() == null ? "" : "interleaving", mc == null ? null : mc.trace()),
                    Cell.link(mc == null || mc.rawTrace() == null ? "" : "lincheck output", mc == null ? null : mc.rawTrace())));
            }
            section(doc, "Found by", "Every pair that failed on either engine. The model checker's trace is the"
                + " failing interleaving step by step (thread, lock taken or dropped, kernel function) with the command that"
                + " replays it; Lincheck's own output is beside it.", found, "No failure on either engine.");

            final List<PairVerdict> disagree = r.judged.stream().filter(PairVerdict::enginesDisagree).collect(Collectors.toList());
            final Table rows = new Table(List.of("scenario", "design", "jcstress", "model checker", "why")).leftAligned();
            for (final PairVerdict v : disagree)
            {
                rows.row(List.of(Cell.of(v.scenario()), Cell.of(v.design()), Cell.of(cell(v)), mcCellLinked(v),
                    v.modelCheckerNote().isEmpty() ? Cell.strong("unexplained: record it in the expectations file")
                        : Cell.of(v.modelCheckerNote())));
            }
            final long v8 = disagree.stream().filter(v -> v.design().equals("v8")).count();
            section(doc, "Engines disagree", (opts.designs.contains("v8") ? (v8 == 0
                ? "v8: both engines agree on every scenario both ran. " : "v8: the engines disagree on " + v8
                + " scenario(s), each explained below. ") : "") + "A disagreement is explained by a '"
                + Expectations.MODEL_CHECKER + ":' entry of the expectations file, or by a jcstress expectation of OK|FAILED"
                + " (an outcome too rare for a sampling run to be sure of).", rows,
                "None: on every pair both engines ran, their verdicts are the same.");
        }
        final Table ttff = new Table(List.of("scenario", "design", "jcstress", "model checker", "sooner")).leftAligned();
        for (final PairVerdict v : failing)
        {
            ttff.rowOf(List.of(v.scenario(), v.design(), jcstressFirstFailure(v), modelCheckerFirstFailure(v), faster(v)));
        }
        section(doc, "Time to first failure", "Median wall time until each engine judged the first failing"
            + " trial, over " + opts.firstFailureRuns + " run(s) per engine (--first-failure-runs). jcstress: measured in each"
            + " fork, from the first trial it built for the test to the first FAIL it judged (JVM start and jcstress's setup"
            + " not counted); a fork that never failed counts as longer than any that did ('> run': more than half never"
            + " failed). Model checker: from the start of the exploration (fixtures included) to the failing trial's"
            + " judgement; the exploration is deterministic, so the interleaving is the same in every run and only the time"
            + " varies. Noisy on a shared machine: compare within one report.", ttff, "No failure to time.");

        final Table skipped = new Table(List.of("scenario", "design", "why skipped", "model checker")).leftAligned();
        /* scenario, engine, why -> the designs not run so (a scenario's declaration: every design) */
        final Map<List<String>, List<String>> notOnMc = new LinkedHashMap<>();
        final Map<String, Long> designsOf = r.judged.stream().collect(Collectors.groupingBy(PairVerdict::scenario, Collectors.counting()));
        for (final PairVerdict v : r.judged)
        {
            if (v.verdict() == Verdict.SKIPPED && !EnginePlan.notOnThisEngine(v.reason()))
            {
                skipped.row(List.of(Cell.of(v.scenario()), Cell.of(v.design()), Cell.of(v.reason()), mcCellLinked(v)));
            }
            for (final String[] e : new String[][] {{"jcstress", v.verdict() == Verdict.SKIPPED ? v.reason() : null},
                {"model checker", notOnThisEngine(v.modelChecker()) ? v.modelChecker().reason() : null}})
            {
                if (EnginePlan.notOnThisEngine(e[1]))
                {
                    notOnMc.computeIfAbsent(List.of(v.scenario(), e[0], e[1].substring(ModelChecker.NOT_ON_THIS_ENGINE.length())),
                        k -> new ArrayList<>()).add(v.design());
                }
            }
        }
        if (!notOnMc.isEmpty())
        {
            final Table t = new Table(List.of("scenario", "engine", "designs", "not run on this engine: why")).leftAligned();
            notOnMc.forEach((k, designs) -> t.rowOf(List.of(k.get(0), k.get(1),
                designs.size() == designsOf.get(k.get(0)) ? "every design" : String.join(", ", designs), k.get(2))));
            section(doc, "Not run on an engine", "Pairs an engine does not run (not OK, not FAILED: 'n/a' in the matrix),"
                + " by the scenario's declaration or the mode's plan; their verdicts are the other engine's, if any.", t, "");
        }
        if (!skipped.isEmpty())
        {
            section(doc, "Skipped by jcstress", "jcstress refuses a test with more actors than CPUs. These"
                + " pairs' verdicts come from the model checker (which schedules any number of threads on any machine) and"
                + " from the two-actor scenarios that cover their pairs of actors.", skipped, "");
        }
    }

    /** Every scenario: what it races, its controls and delays, and every design's outcomes on both engines. */
    private void scenarios(final Doc doc)
    {
        doc.heading(2, "Scenarios");
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            final Scenario s = Scenarios.byId(opts.scenarios.get(i));
            doc.heading(3, "S" + (i + 1) + " " + s.id());
            doc.para(s.race() + ". Actors: " + String.join(", ", s.actorNames())
                + (s.liveness() ? " (liveness: `" + s.actorNames().get(0) + "` must return; jcstress Mode.Termination)" : "")
                + ". Negative controls: " + String.join(", ", s.negativeControls()) + ". Delay points: "
                + (s.delays().length == 0 ? "none" : Arrays.stream(s.delays()).map(Enum::name).collect(Collectors.joining(", "))
                    + " (" + s.delayNanos() / 1000 + " µs)")
                + (s.coveredBy().isEmpty() ? "" : ". Its pairs of actors run as " + String.join(", ", s.coveredBy()))
                + ". Defined in `" + s.getClass().getName() + "`.");
            final Table t = new Table(List.of("design", "verdict", "samples", "failing outcome", "count", "freq",
                "reports seen", "expected", "why", "model checker", "found by")).leftAligned();
            for (final String d : opts.designs)
            {
                final PairVerdict v = r.pair(d, s.id());
                final String mc = v.modelChecker() == null ? "not run" : Doc.link(mcCell(v), v.modelChecker().trace());
                t.row(List.of(Cell.of(d + (v.negativeControl() ? " (nc)" : "")),
                    new Cell(Doc.link(v.verdict().name(), v.jcstressPage()) + (v.asExpected() ? "" : " (!)"),
                        v.verdict().name() + (v.asExpected() ? "" : " unexpected"), null),
                    Cell.of(Long.toString(v.samples())),
                    Cell.of(v.failure() == null ? (v.verdict() == Verdict.OK ? "" : v.reason()) : "`" + v.failure().id() + "`"),
                    Cell.of(v.failure() == null ? "" : Long.toString(v.failure().count())),
                    Cell.of(v.failure() == null ? "" : pct(v.failureFrequency())),
                    Cell.of(v.reports().isEmpty() ? "none" : v.reports().toString()),
                    Cell.of(v.expected()), Cell.of(v.expectedNote()),
                    new Cell(mc, v.modelChecker() == null ? null : "mc " + v.modelChecker().verdict()
                        + (v.modelCheckerAsExpected() ? "" : " unexpected"), null),
                    Cell.of(v.modelChecker() == null ? "" : v.foundBy())));
            }
            doc.table(t);
        }
    }

    /** The verdict matrix as fixed-width text, for the console. */
    static String textMatrix(final Campaign.Result r, final Campaign.Options opts)
    {
        final StringBuilder sb = new StringBuilder();
        final int w = opts.designs.stream().mapToInt(String::length).max().orElse(8) + 2;
        final boolean mc = !r.modelChecker.isEmpty();
        final int cw = mc ? 11 : 9;
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "design \\ scenario"));
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append(String.format(Locale.ROOT, "%-" + cw + "s", "S" + (i + 1)));
        }
        sb.append('\n');
        for (final String d : opts.designs)
        {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", d));
            for (final String s : opts.scenarios)
            {
                final PairVerdict v = r.pair(d, s);
                String c = shortVerdict(v.verdict()) + (v.asExpected() ? "" : "!");
                if (mc)
                {
                    c += "/" + (v.modelChecker() == null ? "?" : ReportCells.notOnThisEngine(v.modelChecker()) ? "n/a"
                        : shortVerdict(v.modelChecker().verdict()))
                        + (v.modelCheckerAsExpected() ? "" : "!");
                }
                sb.append(String.format(Locale.ROOT, "%-" + cw + "s", c + (v.negativeControl() ? "*" : "")));
            }
            sb.append('\n');
        }
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append("  S").append(i + 1).append(" = ").append(opts.scenarios.get(i)).append('\n');
        }
        sb.append(mc ? "  jcstress/model checker;  " : "  ").append("* negative control of the scenario (must FAIL)   ! differs from the recorded expectation\n");
        return sb.toString();
    }

    private static String shortVerdict(final Verdict verdict)
    {
        return verdict == Verdict.OK ? "ok" : verdict == Verdict.FAILED ? "FAIL"
            : verdict == Verdict.SKIPPED ? "skip" : verdict == Verdict.NOT_RUN ? "n/r" : "ERR";
    }
}

package org.ioptstress.stress.campaign;

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

import org.ioptstress.stress.jcstress.FirstFailure;
import org.ioptstress.stress.modelcheck.ModelChecker;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Json;

/**
 * Writes a campaign's report.json (the stable interface, schema {@value Campaign#SCHEMA}), report.md and
 * report.html. See stress-tests/CAMPAIGN.md for the JSON fields.
 */
final class ReportWriter
{
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
        Files.write(out.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("report.html"), html().getBytes(StandardCharsets.UTF_8));
    }

    // --------------------------------------------------------------------------------------------- Markdown

    static String cell(final TestVerdict v)
    {
        final String mark = (v.asExpected ? "" : " (!)") + (v.negativeControl ? " (nc)" : "");
        switch (v.verdict)
        {
            case TestVerdict.OK:
                return "OK" + mark;
            case TestVerdict.FAILED:
                return "FAILED " + v.failureLabel() + " " + pct(v.failureFrequency()) + mark;
            case TestVerdict.SKIPPED:
                return EnginePlan.notOnThisEngine(v.reason) ? "n/a" + (v.negativeControl ? " (nc)" : "") : "skipped";
            case TestVerdict.NOT_RUN:
                return "not run" + mark;
            default:
                return "ERROR" + mark;
        }
    }

    /** The model checker's part of a matrix cell, empty when it did not run. */
    static String mcCell(final TestVerdict v)
    {
        final ModelCheckVerdict mc = v.modelChecker;
        if (mc == null)
        {
            return "";
        }
        final String mark = v.modelCheckerAsExpected ? "" : " (!)";
        switch (mc.verdict())
        {
            case TestVerdict.OK:
                return "OK " + (mc.exhaustive() ? "all " : "") + mc.invocations() + mark;
            case TestVerdict.FAILED:
                return "FAILED " + mc.label() + " @" + mc.invocations() + mark;
            case TestVerdict.SKIPPED:
                return notOnThisEngine(mc) ? "n/a" : "skipped";
            case TestVerdict.NOT_RUN:
                return "not run" + mark;
            default:
                return "ERROR" + mark;
        }
    }

    /** SKIPPED because the scenario is not one for the model checker (its reason says why), not for the design. */
    static boolean notOnThisEngine(final ModelCheckVerdict mc)
    {
        return mc != null && TestVerdict.SKIPPED.equals(mc.verdict()) && mc.reason() != null
            && mc.reason().startsWith(ModelChecker.NOT_ON_THIS_ENGINE);
    }

    static String millis(final long ms)
    {
        return ms < 0 ? "-" : ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** jcstress's time to first failure: the median over forks, with how many forks failed. */
    static String jcstressFirstFailure(final TestVerdict v)
    {
        if (!TestVerdict.FAILED.equals(v.verdict))
        {
            return TestVerdict.OK.equals(v.verdict) ? "not found in " + v.samples + " trials"
                : EnginePlan.notOnThisEngine(v.reason) ? "not run on this engine" : v.verdict.toLowerCase(Locale.ROOT);
        }
        if (v.firstFailures.isEmpty())
        {
            return "not measured" + (Scenarios.byId(v.scenario).liveness() ? " (STALE is judged by jcstress)" : "");
        }
        final long median = v.jcstressFirstFailureMedianMillis();
        return (median < 0 ? "> run" : millis(median)) + " (" + v.firstFailures.size() + "/" + Math.max(v.forks, v.firstFailures.size())
            + " forks)";
    }

    /** The model checker's time to first failure: the median over its explorations. */
    static String modelCheckerFirstFailure(final TestVerdict v)
    {
        final ModelCheckVerdict mc = v.modelChecker;
        if (mc == null || !mc.failed())
        {
            return mc == null ? "not run" : TestVerdict.OK.equals(mc.verdict()) ? "not found in " + mc.invocations()
                + " interleavings" : notOnThisEngine(mc) ? "not run on this engine" : mc.verdict().toLowerCase(Locale.ROOT);
        }
        return millis(mc.timeToFailureMillis()) + " (interleaving " + mc.invocations() + ", " + mc.runs() + " run"
            + (mc.runs() == 1 ? "" : "s") + ")";
    }

    /** Which engine found the first failure sooner, by how much. */
    static String faster(final TestVerdict v)
    {
        final boolean jf = TestVerdict.FAILED.equals(v.verdict);
        final boolean mf = v.modelChecker != null && v.modelChecker.failed();
        if (jf != mf)
        {
            final boolean otherRan = jf ? !notOnThisEngine(v.modelChecker) : !EnginePlan.notOnThisEngine(v.reason);
            return (jf ? "jcstress" : "model checker") + (otherRan ? " only" : " (the only engine run)");
        }
        final long j = jf ? v.jcstressFirstFailureMedianMillis() : -1;
        final long m = mf ? v.modelChecker.timeToFailureMillis() : -1;
        if (j < 0 || m < 0)
        {
            return "-";
        }
        final double ratio = (double)Math.max(j, 1) / Math.max(m, 1);
        return ratio >= 1 ? String.format(Locale.ROOT, "model checker, %.1fx", ratio)
            : String.format(Locale.ROOT, "jcstress, %.1fx", 1 / ratio);
    }

    static String pct(final double f)
    {
        if (f == 0)
        {
            return "0%";
        }
        return f >= 0.001 ? String.format(Locale.ROOT, "%.1f%%", f * 100) : String.format(Locale.ROOT, "%.3f%%", f * 100);
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
                final TestVerdict v = r.get(d, s);
                String c = shortVerdict(v.verdict) + (v.asExpected ? "" : "!");
                if (mc)
                {
                    c += "/" + (v.modelChecker == null ? "?" : notOnThisEngine(v.modelChecker) ? "n/a"
                        : shortVerdict(v.modelChecker.verdict()))
                        + (v.modelCheckerAsExpected ? "" : "!");
                }
                sb.append(String.format(Locale.ROOT, "%-" + cw + "s", c + (v.negativeControl ? "*" : "")));
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

    private static String shortVerdict(final String verdict)
    {
        return verdict.equals(TestVerdict.OK) ? "ok" : verdict.equals(TestVerdict.FAILED) ? "FAIL"
            : verdict.equals(TestVerdict.SKIPPED) ? "skip" : verdict.equals(TestVerdict.NOT_RUN) ? "n/r" : "ERR";
    }

    private String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# iopt-stress campaign\n\n");
        sb.append("| | |\n|---|---|\n");
        for (final String k : List.of("command", "mode", "started", "durationSeconds", "commit", "dirty", "os", "cpuModel",
            "cpus", "memoryMiB", "jdk", "jcstress", "expectations"))
        {
            sb.append("| ").append(k).append(" | `").append(r.run.get(k)).append("` |\n");
        }
        sb.append("| jcstress options | `").append(String.join(" ", r.jcstressArgs)).append("` |\n");
        sb.append("| model checker | ").append(modelCheckerRun()).append(" |\n");
        sb.append("| first-failure runs | ").append(opts.firstFailureRuns).append(" per failing pair and engine |\n");
        sb.append("| exit code | ").append(r.exitCode).append(" |\n\n");
        sb.append("jcstress's own report: [jcstress/results/index.html](jcstress/results/index.html)");
        if (r.benchReport != null)
        {
            sb.append(" · benchmarks: ").append(r.benchReport.contains(" ") ? r.benchReport
                : "[" + r.benchReport + "](" + r.benchReport + ")");
        }
        if (r.exploreReport != null)
        {
            sb.append(" · exploration: ").append(r.exploreReport.startsWith("explore/")
                ? "[" + r.exploreReport.replaceFirst(" .*", "") + "](explore/explore.md)" + r.exploreReport.replaceFirst("^\\S+", "")
                : r.exploreReport);
        }
        sb.append("\n\n## Verdicts\n\n");
        sb.append("Rows are designs, columns scenarios (below). jcstress first: OK, no forbidden outcome in any sample;");
        sb.append(" FAILED, the most frequent forbidden outcome's label and frequency.");
        if (!r.modelChecker.isEmpty())
        {
            sb.append(" Then `mc:` the model checker: OK and the interleavings explored (`all`: every one at its switch");
            sb.append(" points), or FAILED, the outcome's label and the interleaving (`@n`) that showed it.");
        }
        sb.append(" (nc): the scenario's negative control, which must fail. (!): differs from the recorded expectation.\n\n");
        sb.append("| design |");
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append(" S").append(i + 1).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(opts.scenarios.size())).append('\n');
        for (final String d : opts.designs)
        {
            sb.append("| ").append(d).append(" |");
            for (final String s : opts.scenarios)
            {
                final TestVerdict v = r.get(d, s);
                sb.append(' ').append(cell(v)).append(v.modelChecker == null ? "" : "<br>mc: " + mcCell(v)).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            final Scenario s = Scenarios.byId(opts.scenarios.get(i));
            sb.append("- **S").append(i + 1).append("** `").append(s.id()).append("`: ").append(s.race()).append('\n');
        }
        if (!r.problems.isEmpty())
        {
            sb.append("\n## Not as expected\n\n");
            for (final String p : r.problems)
            {
                sb.append("- ").append(p).append('\n');
            }
        }
        for (final Section section : engineSections())
        {
            markdown(sb, section);
        }
        sb.append("\n## Scenarios\n");
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            final Scenario s = Scenarios.byId(opts.scenarios.get(i));
            sb.append("\n### S").append(i + 1).append(" ").append(s.id()).append("\n\n");
            sb.append(s.race()).append(". Actors: ").append(String.join(", ", s.actorNames()))
                .append(s.liveness() ? " (liveness: `" + s.actorNames().get(0) + "` must return; jcstress Mode.Termination)" : "")
                .append(". Negative controls: ").append(String.join(", ", s.negativeControls())).append(". Delay points: ")
                .append(s.delays().length == 0 ? "none" : Arrays.stream(s.delays()).map(Enum::name).collect(Collectors.joining(", "))
                    + " (" + s.delayNanos() / 1000 + " µs)")
                .append(s.coveredBy().isEmpty() ? "" : ". Its pairs of actors run as " + String.join(", ", s.coveredBy()))
                .append(". Defined in `").append(s.getClass().getName()).append("`.\n\n");
            sb.append("| design | verdict | samples | failing outcome | count | freq | reports seen | expected | why | model checker | found by |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (final String d : opts.designs)
            {
                final TestVerdict v = r.get(d, s.id());
                sb.append("| ").append(d).append(v.negativeControl ? " (nc)" : "").append(" | ")
                    .append(v.jcstressPage == null ? v.verdict : "[" + v.verdict + "](" + v.jcstressPage + ")")
                    .append(v.asExpected ? "" : " (!)").append(" | ").append(v.samples).append(" | ")
                    .append(v.failure == null ? (v.verdict.equals(TestVerdict.OK) ? "" : v.reason) : "`" + md(v.failure.id()) + "`")
                    .append(" | ").append(v.failure == null ? "" : Long.toString(v.failure.count()))
                    .append(" | ").append(v.failure == null ? "" : pct(v.failureFrequency()))
                    .append(" | ").append(v.reports.isEmpty() ? "none" : v.reports.toString())
                    .append(" | ").append(v.expected).append(" | ").append(md(v.expectedNote))
                    .append(" | ").append(v.modelChecker == null ? "not run" : traceLink(v, mcCell(v)))
                    .append(" | ").append(v.modelChecker == null ? "" : v.foundBy()).append(" |\n");
            }
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
            + r.modelChecker.get("invocationsPerPair") + " interleavings per pair), [model-check.json](" + r.modelChecker.get("report")
            + ")" + (opts.mode == Mode.QUICK ? "; " + EnginePlan.QUICK_RULE + ": see Not run on an engine" : "");
    }

    private static String traceLink(final TestVerdict v, final String text)
    {
        final String trace = v.modelChecker == null ? null : v.modelChecker.trace();
        return trace == null ? md(text) : "[" + md(text) + "](" + trace + ")";
    }

    /** A section of the report as data, rendered to Markdown and HTML alike. */
    private record Section(String title, String intro, List<String> header, List<List<Cell>> rows, String empty)
    {
    }

    /** A table cell: text, optionally a link (relative to the report), optionally emphasised. */
    private record Cell(String text, String link, boolean strong)
    {
        static Cell of(final String text)
        {
            return new Cell(text, null, false);
        }

        static Cell link(final String text, final String link)
        {
            return new Cell(text, link, false);
        }
    }

    private static Cell mcCellLinked(final TestVerdict v)
    {
        return v.modelChecker == null ? Cell.of("not run") : Cell.link(mcCell(v), v.modelChecker.trace());
    }

    /** Found by, engine disagreements, time to first failure, skipped tests: the two engines side by side. */
    private List<Section> engineSections()
    {
        final List<Section> sections = new ArrayList<>();
        final List<TestVerdict> failing = r.verdicts.stream().filter(v -> TestVerdict.FAILED.equals(v.verdict)
            || v.modelChecker != null && v.modelChecker.failed()).collect(Collectors.toList());
        if (!r.modelChecker.isEmpty())
        {
            final List<List<Cell>> found = new ArrayList<>();
            for (final TestVerdict v : failing)
            {
                final ModelCheckVerdict mc = v.modelChecker;
                found.add(List.of(Cell.of(v.scenario), Cell.of(v.design + (v.negativeControl ? " (nc)" : "")),
                    new Cell(v.foundBy(), null, true), Cell.link(cell(v), v.jcstressPage), Cell.of(mcCell(v)),
                    mc == null || mc.trace() == null ? Cell.of("") : Cell.link("interleaving", mc.trace()),
                    mc == null || mc.rawTrace() == null ? Cell.of("") : Cell.link("lincheck output", mc.rawTrace())));
            }
            sections.add(new Section("Found by", "Every pair that failed on either engine. The model checker's trace is the"
                + " failing interleaving step by step (thread, lock taken or dropped, kernel function) with the command that"
                + " replays it; Lincheck's own output is beside it.",
                List.of("scenario", "design", "found by", "jcstress", "model checker", "trace", "raw"), found,
                "No failure on either engine."));

            final List<TestVerdict> disagree = r.verdicts.stream().filter(TestVerdict::enginesDisagree).collect(Collectors.toList());
            final List<List<Cell>> rows = new ArrayList<>();
            for (final TestVerdict v : disagree)
            {
                rows.add(List.of(Cell.of(v.scenario), Cell.of(v.design), Cell.of(cell(v)), mcCellLinked(v),
                    v.modelCheckerNote.isEmpty() ? new Cell("unexplained: record it in the expectations file", null, true)
                        : Cell.of(v.modelCheckerNote)));
            }
            final long v8 = disagree.stream().filter(v -> v.design.equals("v8")).count();
            sections.add(new Section("Engines disagree", (opts.designs.contains("v8") ? (v8 == 0
                ? "v8: both engines agree on every scenario both ran. " : "v8: the engines disagree on " + v8
                + " scenario(s), each explained below. ") : "") + "A disagreement is explained by a '"
                + Expectations.MODEL_CHECKER + ":' entry of the expectations file, or by a jcstress expectation of OK|FAILED"
                + " (an outcome too rare for a sampling run to be sure of).",
                List.of("scenario", "design", "jcstress", "model checker", "why"), rows,
                "None: on every pair both engines ran, their verdicts are the same."));
        }
        final List<List<Cell>> ttff = new ArrayList<>();
        for (final TestVerdict v : failing)
        {
            ttff.add(List.of(Cell.of(v.scenario), Cell.of(v.design), Cell.of(jcstressFirstFailure(v)),
                Cell.of(modelCheckerFirstFailure(v)), Cell.of(faster(v))));
        }
        sections.add(new Section("Time to first failure", "Median wall time until each engine judged the first failing"
            + " trial, over " + opts.firstFailureRuns + " run(s) per engine (--first-failure-runs). jcstress: measured in each"
            + " fork, from the first trial it built for the test to the first FAIL it judged (JVM start and jcstress's setup"
            + " not counted); a fork that never failed counts as longer than any that did ('> run': more than half never"
            + " failed). Model checker: from the start of the exploration (fixtures included) to the failing trial's"
            + " judgement; the exploration is deterministic, so the interleaving is the same in every run and only the time"
            + " varies. Noisy on a shared machine: compare within one report.",
            List.of("scenario", "design", "jcstress", "model checker", "sooner"), ttff, "No failure to time."));

        final List<List<Cell>> skipped = new ArrayList<>();
        for (final TestVerdict v : r.verdicts)
        {
            if (TestVerdict.SKIPPED.equals(v.verdict) && !EnginePlan.notOnThisEngine(v.reason))
            {
                skipped.add(List.of(Cell.of(v.scenario), Cell.of(v.design), Cell.of(v.reason), mcCellLinked(v)));
            }
        }
        final Map<String, List<Cell>> notOnMc = new LinkedHashMap<>();
        for (final TestVerdict v : r.verdicts)
        {
            for (final String[] e : new String[][] {{"jcstress", TestVerdict.SKIPPED.equals(v.verdict) ? v.reason : null},
                {"model checker", notOnThisEngine(v.modelChecker) ? v.modelChecker.reason() : null}})
            {
                if (EnginePlan.notOnThisEngine(e[1]))
                {
                    notOnMc.putIfAbsent(v.scenario + "/" + e[0], List.of(Cell.of(v.scenario), Cell.of(e[0]),
                        Cell.of(e[1].substring(ModelChecker.NOT_ON_THIS_ENGINE.length()))));
                }
            }
        }
        if (!notOnMc.isEmpty())
        {
            sections.add(new Section("Not run on an engine", "Scenarios an engine does not run (not OK, not FAILED: 'n/a'"
                + " in the matrix, on every design), by the scenario's declaration or the mode's plan; their verdicts are the"
                + " other engine's.", List.of("scenario", "engine", "not run on this engine: why"), new ArrayList<>(notOnMc.values()), ""));
        }
        if (!skipped.isEmpty())
        {
            sections.add(new Section("Skipped by jcstress", "jcstress refuses a test with more actors than CPUs. These"
                + " pairs' verdicts come from the model checker (which schedules any number of threads on any machine) and"
                + " from the two-actor scenarios that cover their pairs of actors.",
                List.of("scenario", "design", "why skipped", "model checker"), skipped, ""));
        }
        return sections;
    }

    private static void markdown(final StringBuilder sb, final Section section)
    {
        sb.append("\n## ").append(section.title()).append("\n\n").append(section.intro()).append("\n\n");
        if (section.rows().isEmpty())
        {
            sb.append(section.empty()).append('\n');
            return;
        }
        sb.append("| ").append(String.join(" | ", section.header())).append(" |\n|")
            .append("---|".repeat(section.header().size())).append('\n');
        for (final List<Cell> row : section.rows())
        {
            sb.append('|');
            for (final Cell c : row)
            {
                final String text = c.strong() ? "**" + md(c.text()) + "**" : md(c.text());
                sb.append(' ').append(c.link() == null || c.text().isEmpty() ? text : "[" + text + "](" + c.link() + ")").append(" |");
            }
            sb.append('\n');
        }
    }

    private static void html(final StringBuilder sb, final Section section)
    {
        sb.append("<h2>").append(esc(section.title())).append("</h2>\n<p>").append(esc(section.intro())).append("</p>\n");
        if (section.rows().isEmpty())
        {
            sb.append("<p>").append(esc(section.empty())).append("</p>\n");
            return;
        }
        sb.append("<table><tr>");
        for (final String h : section.header())
        {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr>\n");
        for (final List<Cell> row : section.rows())
        {
            sb.append("<tr>");
            for (final Cell c : row)
            {
                String text = esc(c.text());
                text = c.strong() ? "<b>" + text + "</b>" : text;
                sb.append("<td>").append(c.link() == null ? text : "<a href=\"" + esc(c.link()) + "\">" + text + "</a>").append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static String md(final String s)
    {
        return s.replace("|", "\\|");
    }

    // ------------------------------------------------------------------------------------------------- HTML

    private String html()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>iopt-stress campaign</title><style>\n")
            .append("body{font-family:sans-serif;margin:2em} table{border-collapse:collapse;margin:1em 0}")
            .append(" td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}")
            .append(" .OK{background:#dfd} .FAILED{background:#fcc} .SKIPPED{background:#eee} .ERROR{background:#fc8} .NOT_RUN{background:#fff}")
            .append(" .unexpected{outline:3px solid #c00} code{font-size:12px}")
            .append(" .mc{font-size:12px} span.FAILED{color:#a00} span.OK{color:#060}\n</style></head><body>\n");
        sb.append("<h1>iopt-stress campaign</h1>\n<table>\n");
        for (final String k : List.of("command", "mode", "started", "durationSeconds", "commit", "dirty", "os", "cpuModel",
            "cpus", "memoryMiB", "jdk", "jcstress", "expectations"))
        {
            sb.append("<tr><th>").append(k).append("</th><td><code>").append(esc(r.run.get(k))).append("</code></td></tr>\n");
        }
        sb.append("<tr><th>jcstress options</th><td><code>").append(esc(String.join(" ", r.jcstressArgs)))
            .append("</code></td></tr>\n<tr><th>model checker</th><td>").append(r.modelChecker.isEmpty() ? "not run"
                : esc("Lincheck " + ModelChecker.LINCHECK_VERSION + ", budget " + r.modelChecker.get("budget") + " ("
                    + r.modelChecker.get("invocationsPerPair") + " interleavings per pair)")
                    + " · <a href=\"" + esc(String.valueOf(r.modelChecker.get("report"))) + "\">model-check.json</a>")
            .append("</td></tr>\n<tr><th>first-failure runs</th><td>").append(opts.firstFailureRuns)
            .append("</td></tr>\n<tr><th>exit code</th><td>").append(r.exitCode).append("</td></tr>\n</table>\n");
        sb.append("<p><a href=\"jcstress/results/index.html\">jcstress report</a>");
        if (r.benchReport != null)
        {
            sb.append(" · benchmarks: ").append(r.benchReport.contains(" ") ? esc(r.benchReport)
                : "<a href=\"" + esc(r.benchReport) + "\">" + esc(r.benchReport) + "</a>");
        }
        if (r.exploreReport != null)
        {
            sb.append(" · exploration: ").append(r.exploreReport.startsWith("explore/")
                ? "<a href=\"explore/explore.html\">explore</a>" + esc(r.exploreReport.replaceFirst("^\\S+", ""))
                : esc(r.exploreReport));
        }
        sb.append(" · <a href=\"report.json\">report.json</a></p>\n<h2>Verdicts</h2>\n<table><tr><th>design</th>");
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append("<th title=\"").append(esc(opts.scenarios.get(i))).append("\">S").append(i + 1).append("</th>");
        }
        sb.append("</tr>\n");
        for (final String d : opts.designs)
        {
            sb.append("<tr><th>").append(esc(d)).append("</th>");
            for (final String s : opts.scenarios)
            {
                final TestVerdict v = r.get(d, s);
                sb.append("<td class=\"").append(v.verdict).append(v.asExpected ? "" : " unexpected").append("\" title=\"")
                    .append(esc(v.failure == null ? v.reason : v.failure.id())).append("\">");
                final String c = esc(cell(v));
                sb.append(v.jcstressPage == null ? c : "<a href=\"" + esc(v.jcstressPage) + "\">" + c + "</a>");
                if (v.modelChecker != null)
                {
                    final String m = "mc: " + esc(mcCell(v));
                    sb.append("<br><span class=\"mc ").append(v.modelChecker.verdict())
                        .append(v.modelCheckerAsExpected ? "" : " unexpected").append("\">")
                        .append(v.modelChecker.trace() == null ? m : "<a href=\"" + esc(v.modelChecker.trace()) + "\">" + m + "</a>")
                        .append("</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<ol>\n");
        for (final String id : opts.scenarios)
        {
            sb.append("<li><code>").append(esc(id)).append("</code>: ").append(esc(Scenarios.byId(id).race())).append("</li>\n");
        }
        sb.append("</ol>\n");
        if (!r.problems.isEmpty())
        {
            sb.append("<h2>Not as expected</h2><ul>\n");
            for (final String p : r.problems)
            {
                sb.append("<li>").append(esc(p)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        for (final Section section : engineSections())
        {
            html(sb, section);
        }
        sb.append("<h2>Failures and notes</h2>\n<table><tr><th>scenario</th><th>design</th><th>verdict</th><th>samples</th>")
            .append("<th>failing outcome</th><th>count</th><th>freq</th><th>reports</th><th>expected</th><th>why</th></tr>\n");
        for (final TestVerdict v : r.verdicts)
        {
            if (v.verdict.equals(TestVerdict.OK) && v.expectedNote.isEmpty())
            {
                continue;
            }
            sb.append("<tr class=\"").append(v.verdict).append(v.asExpected ? "" : " unexpected").append("\"><td>")
                .append(esc(v.scenario)).append("</td><td>").append(esc(v.design)).append(v.negativeControl ? " (nc)" : "")
                .append("</td><td>").append(v.verdict).append("</td><td>").append(v.samples).append("</td><td><code>")
                .append(esc(v.failure == null ? v.reason : v.failure.id())).append("</code></td><td>")
                .append(v.failure == null ? "" : v.failure.count()).append("</td><td>")
                .append(v.failure == null ? "" : pct(v.failureFrequency())).append("</td><td>")
                .append(esc(v.reports.isEmpty() ? "none" : v.reports.toString())).append("</td><td>").append(esc(v.expected))
                .append("</td><td>").append(esc(v.expectedNote)).append("</td></tr>\n");
        }
        sb.append("</table>\n</body></html>\n");
        return sb.toString();
    }

    private static String esc(final String s)
    {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

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

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;

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
        Files.write(out.resolve("report.json"), Json.write(json()).getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
        Files.write(out.resolve("report.html"), html().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------- JSON

    private Map<String, Object> json()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", Campaign.SCHEMA);
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", r.run.get("started"));
        run.put("finished", r.run.get("finished"));
        run.put("durationSeconds", Long.parseLong(r.run.get("durationSeconds")));
        run.put("mode", r.run.get("mode"));
        run.put("command", r.run.get("command"));
        run.put("commit", r.run.get("commit"));
        run.put("dirty", Boolean.parseBoolean(r.run.get("dirty")));
        run.put("machine", Map.of("os", r.run.get("os"), "cpuModel", r.run.get("cpuModel"),
            "cpus", Integer.parseInt(r.run.get("cpus")), "memoryMiB", Long.parseLong(r.run.get("memoryMiB"))));
        run.put("jdk", r.run.get("jdk"));
        final Map<String, Object> jcs = new LinkedHashMap<>();
        jcs.put("version", r.run.get("jcstress"));
        jcs.put("args", r.jcstressArgs);
        jcs.put("cpus", Integer.parseInt(r.run.get("cpusUsed")));
        jcs.put("report", "jcstress/results/index.html");
        run.put("jcstress", jcs);
        run.put("expectations", r.run.get("expectations"));
        run.put("exitCode", r.exitCode);
        root.put("run", run);

        final List<Object> designs = new ArrayList<>();
        for (final String name : opts.designs)
        {
            final Design d = Adapters.design(name);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("summary", d.summary());
            m.put("negativeControl", d.negativeControl());
            designs.add(m);
        }
        root.put("designs", designs);

        final List<Object> scenarios = new ArrayList<>();
        for (final String id : opts.scenarios)
        {
            final Scenario s = Scenarios.byId(id);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("race", s.race());
            m.put("actors", s.actorNames());
            m.put("liveness", s.liveness());
            m.put("negativeControls", new ArrayList<>(s.negativeControls()));
            m.put("delayPoints", Arrays.stream(s.delays()).map(Enum::name).collect(Collectors.toList()));
            m.put("delayNanos", s.delays().length == 0 ? 0 : s.delayNanos());
            m.put("coveredBy", s.coveredBy());
            m.put("definedIn", s.getClass().getName());
            scenarios.add(m);
        }
        root.put("scenarios", scenarios);

        final List<Object> results = new ArrayList<>();
        for (final TestVerdict v : r.verdicts)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("design", v.design);
            m.put("scenario", v.scenario);
            m.put("engine", v.engine);
            m.put("test", v.testName);
            m.put("verdict", v.verdict);
            m.put("reason", v.reason);
            m.put("samples", v.samples);
            m.put("expected", v.expected);
            m.put("expectedNote", v.expectedNote);
            m.put("asExpected", v.asExpected);
            m.put("negativeControl", v.negativeControl);
            if (v.failure == null)
            {
                m.put("failure", null);
            }
            else
            {
                final Map<String, Object> f = new LinkedHashMap<>();
                f.put("outcome", v.failure.id());
                f.put("label", v.failureLabel());
                f.put("count", v.failure.count());
                f.put("frequency", v.failureFrequency());
                f.put("desc", v.failure.desc());
                m.put("failure", f);
            }
            final List<Object> outcomes = new ArrayList<>();
            for (final TestVerdict.Observed o : v.outcomes)
            {
                final Map<String, Object> om = new LinkedHashMap<>();
                om.put("outcome", o.id());
                om.put("count", o.count());
                om.put("expect", o.expect());
                om.put("desc", o.desc());
                outcomes.add(om);
            }
            m.put("outcomes", outcomes);
            m.put("reports", new LinkedHashMap<>(v.reports));
            m.put("jcstressReport", v.jcstressPage);
            results.add(m);
        }
        root.put("results", results);
        root.put("bench", r.benchReport);
        root.put("problems", r.problems);
        return root;
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
                return "skipped";
            default:
                return "ERROR" + mark;
        }
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
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "design \\ scenario"));
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append(String.format(Locale.ROOT, "%-9s", "S" + (i + 1)));
        }
        sb.append('\n');
        for (final String d : opts.designs)
        {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", d));
            for (final String s : opts.scenarios)
            {
                final TestVerdict v = r.get(d, s);
                final String c = v.verdict.equals(TestVerdict.OK) ? "ok" : v.verdict.equals(TestVerdict.FAILED) ? "FAIL"
                    : v.verdict.equals(TestVerdict.SKIPPED) ? "skip" : "ERR";
                sb.append(String.format(Locale.ROOT, "%-9s", c + (v.asExpected ? "" : "!") + (v.negativeControl ? "*" : "")));
            }
            sb.append('\n');
        }
        for (int i = 0; i < opts.scenarios.size(); i++)
        {
            sb.append("  S").append(i + 1).append(" = ").append(opts.scenarios.get(i)).append('\n');
        }
        sb.append("  * negative control of the scenario (must FAIL)   ! differs from the recorded expectation\n");
        return sb.toString();
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
        sb.append("| exit code | ").append(r.exitCode).append(" |\n\n");
        sb.append("jcstress's own report: [jcstress/results/index.html](jcstress/results/index.html)");
        if (r.benchReport != null)
        {
            sb.append(" · benchmarks: ").append(r.benchReport.contains(" ") ? r.benchReport
                : "[" + r.benchReport + "](" + r.benchReport + ")");
        }
        sb.append("\n\n## Verdicts\n\n");
        sb.append("Rows are designs, columns scenarios (below). OK: no forbidden outcome in any sample. FAILED: the most");
        sb.append(" frequent forbidden outcome's label and frequency. (nc): the scenario's negative control, which must");
        sb.append(" fail. (!): differs from the recorded expectation.\n\n");
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
                sb.append(' ').append(cell(r.get(d, s))).append(" |");
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
            sb.append("| design | verdict | samples | failing outcome | count | freq | reports seen | expected | why |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|\n");
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
                    .append(" | ").append(v.expected).append(" | ").append(md(v.expectedNote)).append(" |\n");
            }
        }
        return sb.toString();
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
            .append(" .OK{background:#dfd} .FAILED{background:#fcc} .SKIPPED{background:#eee} .ERROR{background:#fc8}")
            .append(" .unexpected{outline:3px solid #c00} code{font-size:12px}\n</style></head><body>\n");
        sb.append("<h1>iopt-stress campaign</h1>\n<table>\n");
        for (final String k : List.of("command", "mode", "started", "durationSeconds", "commit", "dirty", "os", "cpuModel",
            "cpus", "memoryMiB", "jdk", "jcstress", "expectations"))
        {
            sb.append("<tr><th>").append(k).append("</th><td><code>").append(esc(r.run.get(k))).append("</code></td></tr>\n");
        }
        sb.append("<tr><th>jcstress options</th><td><code>").append(esc(String.join(" ", r.jcstressArgs)))
            .append("</code></td></tr>\n<tr><th>exit code</th><td>").append(r.exitCode).append("</td></tr>\n</table>\n");
        sb.append("<p><a href=\"jcstress/results/index.html\">jcstress report</a>");
        if (r.benchReport != null)
        {
            sb.append(" · benchmarks: ").append(r.benchReport.contains(" ") ? esc(r.benchReport)
                : "<a href=\"" + esc(r.benchReport) + "\">" + esc(r.benchReport) + "</a>");
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
                sb.append(v.jcstressPage == null ? c : "<a href=\"" + esc(v.jcstressPage) + "\">" + c + "</a>").append("</td>");
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

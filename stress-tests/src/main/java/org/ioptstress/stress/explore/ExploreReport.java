package org.ioptstress.stress.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.support.Json;

/**
 * explore.md and explore.json (format {@code iopt-stress-explore/1}, documented in stress-tests/EXPLORE.md): per
 * design the programs run and its distinct findings, each with its minimized reproducer three ways; the programs
 * that split designs; the recorded differences seen.
 */
public final class ExploreReport
{
    public static final String FORMAT = "iopt-stress-explore/1";

    private ExploreReport()
    {
    }

    public static void write(final Path dir, final Explorer.Result r, final Map<String, Design> designs,
        final Design reference, final long seed, final String command, final Differences recorded) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("explore.json"), Json.write(json(r, designs, reference, seed, command, recorded)),
            StandardCharsets.UTF_8);
        final String md = markdown(r, designs, reference, seed, command, recorded);
        Files.writeString(dir.resolve("explore.md"), md, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("explore.html"), html(md), StandardCharsets.UTF_8);
    }

    /** The markdown as a small self-contained page: headings, tables, code blocks; everything else as text. */
    static String html(final String md)
    {
        final StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            + "<title>iopt-stress exploration</title><style>body{font-family:sans-serif;max-width:1200px;margin:auto}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}pre{background:#f6f6f6;"
            + "padding:6px;overflow-x:auto}</style></head><body>\n");
        boolean code = false;
        boolean table = false;
        for (final String line : md.split("\n", -1))
        {
            if (line.startsWith("```"))
            {
                sb.append(code ? "</pre>\n" : "<pre>");
                code = !code;
                continue;
            }
            if (code)
            {
                sb.append(esc(line)).append('\n');
                continue;
            }
            if (line.startsWith("|"))
            {
                if (line.matches("\\|[-| ]+\\|"))
                {
                    continue;
                }
                if (!table)
                {
                    sb.append("<table>\n");
                    table = true;
                }
                sb.append("<tr>");
                for (final String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|"))
                {
                    sb.append("<td>").append(esc(cell.trim().replace("\\|", "|"))).append("</td>");
                }
                sb.append("</tr>\n");
                continue;
            }
            if (table)
            {
                sb.append("</table>\n");
                table = false;
            }
            if (line.startsWith("#"))
            {
                final int level = Math.min(6, line.indexOf(' '));
                sb.append("<h").append(level).append('>').append(esc(line.substring(level + 1))).append("</h")
                    .append(level).append(">\n");
            }
            else if (line.startsWith("<details>") || line.startsWith("</details>"))
            {
                sb.append(line).append('\n');
            }
            else if (!line.isEmpty())
            {
                sb.append("<p>").append(esc(line)).append("</p>\n");
            }
        }
        if (table)
        {
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "");
    }

    static ExploreJson json(final Explorer.Result r, final Map<String, Design> designs, final Design reference,
        final long seed, final String command, final Differences recorded)
    {
        final List<ExploreJson.DesignRow> perDesign = new ArrayList<>();
        for (final String name : r.designs)
        {
            final List<ExploreJson.FindingRow> findings = new ArrayList<>();
            for (final Finding f : r.findingsOn(name))
            {
                String selftest = null;
                String junit = null;
                if (f.minimized != null && f.threads > 0)
                {
                    selftest = Reproducer.concurrent(f);
                }
                else if (f.minimized != null)
                {
                    selftest = Reproducer.selftest(f.minimized, designs.get(name), reference, f.minimizedCall);
                    junit = Reproducer.junit(f, designs.get(name), reference, seed);
                }
                findings.add(new ExploreJson.FindingRow(f.oracle, f.key, f.text, f.hits, f.programNumber,
                    round(f.secondsToFind), calls(f.program), f.minimized == null ? null : calls(f.minimized),
                    f.minimizedCall, round(f.shrinkSeconds), f.threads, f.interleaving, selftest, junit));
            }
            perDesign.add(new ExploreJson.DesignRow(name, r.controls.contains(name), r.programs, findings));
        }
        final List<ExploreJson.SplitRow> splits = new ArrayList<>();
        for (final Explorer.Split s : r.splits.values())
        {
            splits.add(new ExploreJson.SplitRow(s.groups, s.call, s.programs, s.firstProgram));
        }
        final List<ExploreJson.Seen> seen = new ArrayList<>();
        r.recordedSeen.forEach((signature, programs) -> seen.add(new ExploreJson.Seen(signature, programs)));
        return new ExploreJson(FORMAT, command, seed, r.programs, r.calls, round(r.seconds),
            round(r.programs / Math.max(r.seconds, 1e-9)), r.reference, perDesign, splits, seen,
            r.unexplainedOnCandidates());
    }

    private static List<String> calls(final Program p)
    {
        final List<String> out = new ArrayList<>();
        for (final Call c : p.calls())
        {
            out.add(Reproducer.selftestCall(c));
        }
        return out;
    }

    private static double round(final double x)
    {
        return Math.round(x * 1000) / 1000.0;
    }

    static String markdown(final Explorer.Result r, final Map<String, Design> designs, final Design reference,
        final long seed, final String command, final Differences recorded)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# iopt-stress exploration\n\n");
        sb.append("`").append(command).append("`: seed ").append(seed).append(", ").append(r.programs).append(" programs (")
            .append(r.calls).append(" calls) on each of ").append(r.designs.size()).append(" designs in ")
            .append(String.format(Locale.ROOT, "%.1f s (%.0f programs/s over all designs)", r.seconds,
                r.programs / Math.max(r.seconds, 1e-9)))
            .append("; reference `").append(r.reference).append("`.\n\n");
        sb.append("| design | programs | distinct findings | |\n|---|---|---|---|\n");
        for (final String name : r.designs)
        {
            final List<Finding> fs = r.findingsOn(name);
            sb.append("| `").append(name).append("` | ").append(r.programs).append(" | ").append(fs.size()).append(" | ")
                .append(r.controls.contains(name) ? "negative control" : name.equals(r.reference) ? "reference" : "")
                .append(" |\n");
        }
        sb.append("\nExit: ").append(r.unexplainedOnCandidates() == 0 ? "0 (no finding outside the negative controls)"
            : "1 (" + r.unexplainedOnCandidates() + " findings on designs that are not negative controls)").append("\n");
        for (final String name : r.designs)
        {
            final List<Finding> fs = r.findingsOn(name);
            if (fs.isEmpty())
            {
                continue;
            }
            sb.append("\n## ").append(name).append(r.controls.contains(name) ? " (negative control)" : "").append("\n");
            for (final Finding f : fs)
            {
                sb.append("\n### ").append(f.oracle).append(": `").append(f.key).append("`\n\n");
                sb.append(f.text.replace("\n", " ")).append("\n\n");
                sb.append(String.format(Locale.ROOT, "First in program %d after %.3f s; %d programs hit it; shrunk from %d to %d"
                    + " calls in %.2f s.\n\n", f.programNumber, f.secondsToFind, f.hits, f.program.size(),
                    f.minimized == null ? f.program.size() : f.minimized.size(), f.shrinkSeconds));
                if (f.minimized != null && f.threads > 0)
                {
                    sb.append("```\n").append(Reproducer.concurrent(f)).append("```\n");
                }
                else if (f.minimized != null)
                {
                    sb.append("```\n").append(Reproducer.selftest(f.minimized, designs.get(name), reference, f.minimizedCall))
                        .append("```\n\n<details><summary>JUnit test for core (org.ioptstress.iommufd)</summary>\n\n```java\n")
                        .append(Reproducer.junit(f, designs.get(name), reference, seed)).append("```\n</details>\n");
                }
            }
        }
        sb.append("\n## Programs that split designs\n\n");
        if (r.splits.isEmpty())
        {
            sb.append("None: every design returned the same at every call.\n");
        }
        else
        {
            sb.append("| designs that agreed (groups separated by \\|) | first differing call | programs | first |\n|---|---|---|---|\n");
            r.splits.values().stream().sorted((a, b) -> Long.compare(b.programs, a.programs)).forEach(s ->
                sb.append("| ").append(s.groups.replace("|", "\\|")).append(" | ").append(s.call).append(" | ")
                    .append(s.programs).append(" | ").append(s.firstProgram).append(" |\n"));
        }
        sb.append("\n## Recorded differences seen\n\n");
        if (r.recordedSeen.isEmpty())
        {
            sb.append("None.\n");
        }
        else
        {
            sb.append("| signature | programs | reason |\n|---|---|---|\n");
            for (final Map.Entry<String, Long> e : r.recordedSeen.entrySet())
            {
                final String[] parts = e.getKey().split("\\.", 3);
                sb.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" | ")
                    .append(recorded.reason(parts[0], parts[1], parts[2])).append(" |\n");
            }
        }
        return sb.toString();
    }
}

package org.ioptstress.stress.support.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ioptstress.stress.support.doc.Doc.Cell;
import org.ioptstress.stress.support.doc.Doc.Table;
import org.junit.jupiter.api.Test;

/** One document, two renderings that say the same things. */
class DocTest
{
    private static Doc sample()
    {
        return new Doc("campaign").style(".FAILED{background:#fcc}")
            .heading(2, "Verdicts")
            .para("see [jcstress/results/index.html](jcstress/results/index.html) and `mc:` **now**")
            .table(new Table(List.of("design", "S1")).leftAligned()
                .row(List.of(Cell.of("v8"), new Cell("FAILED leak 1.0%\nmc: FAILED leak @3", "FAILED unexpected", "FAIL leak | x")))
                .row(List.of(Cell.of("v7"), Cell.link("OK", "traces/v7.txt"))))
            .bullets(List.of("**S1** `unmap-vs-mdev-close`: a race"))
            .table(List.of("metric", "ns"), List.of(List.of("unmap", "12.5")));
    }

    @Test
    void markdownIsGithubsWithTwoLineCellsAndEscapedBars()
    {
        assertThat(sample().markdown()).isEqualTo(String.join("\n",
            "# campaign",
            "",
            "## Verdicts",
            "",
            "see [jcstress/results/index.html](jcstress/results/index.html) and `mc:` **now**",
            "",
            "| design | S1 |",
            "|---|---|",
            "| v8 | FAILED leak 1.0%<br>mc: FAILED leak @3 |",
            "| v7 | [OK](traces/v7.txt) |",
            "",
            "- **S1** `unmap-vs-mdev-close`: a race",
            "",
            "| metric | ns |",
            "|---|---:|",
            "| unmap | 12.5 |",
            "",
            ""));
    }

    @Test
    void htmlSaysTheSameWithLinksClassesAndLineBreaks()
    {
        final String html = sample().html();
        assertThat(html).contains("<h2 id=\"verdicts\">Verdicts</h2>")
            .contains("<p>see <a href=\"jcstress/results/index.html\">jcstress/results/index.html</a> and <code>mc:</code> <b>now</b></p>")
            .contains("<td class=\"FAILED unexpected\" title=\"FAIL leak | x\">FAILED leak 1.0%<br>mc: FAILED leak @3</td>")
            .contains("<td><a href=\"traces/v7.txt\">OK</a></td>")
            .contains("<li><b>S1</b> <code>unmap-vs-mdev-close</code>: a race</li>")
            .contains("<td>unmap</td><td class=\"n\">12.5</td>")
            .contains(".FAILED{background:#fcc}");
    }

    @Test
    void inlineEscapesEverythingElse()
    {
        assertThat(Doc.inline("a < b & [x](y\"z) `<t>`")).isEqualTo("a &lt; b &amp; <a href=\"y&quot;z\">x</a> <code>&lt;t&gt;</code>");
        assertThat(Doc.inline("[a (nc)](p.html) (not a link)")).isEqualTo("<a href=\"p.html\">a (nc)</a> (not a link)");
        assertThat(Doc.link("x", null)).isEqualTo("x");
        assertThat(Doc.link("", "p")).isEmpty();
        assertThat(Cell.strong("both").text()).isEqualTo("**both**");
    }

    @Test
    void anEmptyTableIsNoBlock()
    {
        assertThat(new Doc("t").table(new Table(List.of("a"))).markdown()).isEqualTo("# t\n\n");
    }
}

package org.ioptstress.stress.support.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as a list of blocks, rendered once as GitHub Markdown and once as a self-contained HTML page
 * (images by relative path), so the two can never say different things. Inline markup: {@code `code`},
 * {@code **bold**} and {@code [text](relative/link)}; in a table cell a newline is a line break (Markdown
 * {@code <br>}).
 */
public final class Doc
{
    private static final Pattern INLINE =
        Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*|\\[((?:[^\\[\\]`]|`[^`]*`)+)\\]\\(([^()\\s]+)\\)");

    private interface Block
    {
        void markdown(StringBuilder sb);

        void html(StringBuilder sb);
    }

    /**
     * One table cell: its text (inline markup, newlines for line breaks) and, for the HTML page only, a CSS class
     * and a tooltip (either may be null).
     */
    public record Cell(String text, String cssClass, String title)
    {
        public Cell
        {
            text = text == null ? "" : text;
        }

        public static Cell of(final String text)
        {
            return new Cell(text, null, null);
        }

        /** {@code text} linked to {@code href} (relative to the report); plain text when either is null or empty. */
        public static Cell link(final String text, final String href)
        {
            return of(link0(text, href));
        }

        public static Cell strong(final String text)
        {
            return of(text == null || text.isEmpty() ? "" : "**" + text + "**");
        }

        public Cell withClass(final String cssClass, final String title)
        {
            return new Cell(text, cssClass, title);
        }
    }

    /** A table: the first column left-aligned, the others right-aligned (numbers) unless {@link #leftAligned()}. */
    public static final class Table
    {
        private final List<String> header;
        private final List<List<Cell>> rows = new ArrayList<>();
        private boolean numbers = true;

        public Table(final List<String> header)
        {
            this.header = List.copyOf(header);
        }

        /** Every column left-aligned: a table of words, not of numbers. */
        public Table leftAligned()
        {
            numbers = false;
            return this;
        }

        public Table row(final List<Cell> cells)
        {
            rows.add(List.copyOf(cells));
            return this;
        }

        /** A row of plain cells. */
        public Table rowOf(final List<String> cells)
        {
            return row(cells.stream().map(Cell::of).toList());
        }

        public boolean isEmpty()
        {
            return rows.isEmpty();
        }
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();
    private final StringBuilder style = new StringBuilder();

    public Doc(final String title)
    {
        this.title = title;
    }

    /** CSS added to the HTML page's own (e.g. colours for the {@link Cell#cssClass()} of a report). */
    public Doc style(final String css)
    {
        style.append(css).append('\n');
        return this;
    }

    public Doc heading(final int level, final String text)
    {
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append("#".repeat(level)).append(' ').append(text).append("\n\n");
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<h").append(level).append(" id=\"").append(anchor(text)).append("\">").append(inline(text))
                    .append("</h").append(level).append(">\n");
            }
        });
        return this;
    }

    public Doc para(final String text)
    {
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append(text).append("\n\n");
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<p>").append(inline(text)).append("</p>\n");
            }
        });
        return this;
    }

    public Doc bullets(final List<String> items)
    {
        if (items.isEmpty())
        {
            return this;
        }
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                for (final String item : items)
                {
                    sb.append("- ").append(item).append('\n');
                }
                sb.append('\n');
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<ul>\n");
                for (final String item : items)
                {
                    sb.append("<li>").append(inline(item)).append("</li>\n");
                }
                sb.append("</ul>\n");
            }
        });
        return this;
    }

    public Doc code(final String text)
    {
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append("```\n").append(text).append(text.endsWith("\n") ? "" : "\n").append("```\n\n");
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<pre>").append(escape(text)).append("</pre>\n");
            }
        });
        return this;
    }

    /** A table; the first column is left-aligned, the others right-aligned (numbers). */
    public Doc table(final List<String> header, final List<List<String>> rows)
    {
        final Table t = new Table(header);
        rows.forEach(t::rowOf);
        return table(t);
    }

    /** A table of {@link Cell}s; nothing when it has no row. */
    public Doc table(final Table t)
    {
        if (t.isEmpty())
        {
            return this;
        }
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append('|');
                t.header.forEach(h -> sb.append(h.isEmpty() ? " |" : " " + h + " |"));
                sb.append("\n|");
                for (int i = 0; i < t.header.size(); i++)
                {
                    sb.append(i == 0 || !t.numbers ? "---|" : "---:|");
                }
                sb.append('\n');
                for (final List<Cell> row : t.rows)
                {
                    sb.append('|');
                    row.forEach(c -> sb.append(' ').append(c.text().replace("|", "\\|").replace("\n", "<br>")).append(" |"));
                    sb.append('\n');
                }
                sb.append('\n');
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<table>\n<thead><tr>");
                t.header.forEach(h -> sb.append("<th>").append(inline(h)).append("</th>"));
                sb.append("</tr></thead>\n<tbody>\n");
                for (final List<Cell> row : t.rows)
                {
                    sb.append("<tr>");
                    for (int i = 0; i < row.size(); i++)
                    {
                        final Cell c = row.get(i);
                        final String cls = ((i > 0 && t.numbers ? "n " : "") + (c.cssClass() == null ? "" : c.cssClass())).strip();
                        sb.append("<td").append(cls.isEmpty() ? "" : " class=\"" + escape(cls) + "\"")
                            .append(c.title() == null || c.title().isEmpty() ? "" : " title=\"" + escape(c.title()) + "\"").append('>');
                        final String[] lines = c.text().split("\n", -1);
                        for (int l = 0; l < lines.length; l++)
                        {
                            sb.append(l == 0 ? "" : "<br>").append(inline(lines[l]));
                        }
                        sb.append("</td>");
                    }
                    sb.append("</tr>\n");
                }
                sb.append("</tbody>\n</table>\n");
            }
        });
        return this;
    }

    /** An image by path relative to the report. */
    public Doc image(final String relativePath, final String alt)
    {
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append("![").append(alt).append("](").append(relativePath).append(")\n\n");
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<p><img src=\"").append(escape(relativePath)).append("\" alt=\"").append(escape(alt))
                    .append("\"></p>\n");
            }
        });
        return this;
    }

    /** Appends another document's blocks (not its title). */
    public Doc append(final Doc other)
    {
        blocks.addAll(other.blocks);
        return this;
    }

    public String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        blocks.forEach(b -> b.markdown(sb));
        return sb.toString();
    }

    public String html()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(title)).append("</title>\n<style>\n")
            .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}\n")
            .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px}\n")
            .append("th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
            .append("code,pre{background:#f6f8fa;font-family:monospace}pre{padding:8px;overflow-x:auto}\n")
            .append("img{max-width:100%;border:1px solid #eee}\n").append(style).append("</style>\n</head>\n<body>\n<h1>")
            .append(escape(title)).append("</h1>\n");
        blocks.forEach(b -> b.html(sb));
        return sb.append("</body>\n</html>\n").toString();
    }

    /** {@code text} as a Markdown link to {@code href}, or {@code text} alone when either is null or empty. */
    public static String link(final String text, final String href)
    {
        return link0(text, href);
    }

    private static String link0(final String text, final String href)
    {
        final String t = text == null ? "" : text;
        return href == null || href.isEmpty() || t.isEmpty() ? t : "[" + t + "](" + href + ")";
    }

    static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** `code`, **bold** and [text](link), everything else escaped. */
    static String inline(final String s)
    {
        final StringBuilder sb = new StringBuilder();
        final Matcher m = INLINE.matcher(s);
        int at = 0;
        while (m.find())
        {
            sb.append(escape(s.substring(at, m.start())));
            if (m.group(1) != null)
            {
                sb.append("<code>").append(escape(m.group(1))).append("</code>");
            }
            else if (m.group(2) != null)
            {
                sb.append("<b>").append(escape(m.group(2))).append("</b>");
            }
            else
            {
                sb.append("<a href=\"").append(escape(m.group(4))).append("\">").append(inline(m.group(3))).append("</a>");
            }
            at = m.end();
        }
        return sb.append(escape(s.substring(at))).toString();
    }

    static String anchor(final String heading)
    {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}

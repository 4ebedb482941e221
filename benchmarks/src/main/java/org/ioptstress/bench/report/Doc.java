package org.ioptstress.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as a list of blocks, rendered once as GitHub Markdown and once as a self-contained HTML page
 * (images by relative path), so the two can never say different things. Inline markup: {@code `code`} and
 * {@code **bold**}.
 */
public final class Doc
{
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*");

    private interface Block
    {
        void markdown(StringBuilder sb);

        void html(StringBuilder sb);
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Doc(final String title)
    {
        this.title = title;
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
        if (rows.isEmpty())
        {
            return this;
        }
        blocks.add(new Block()
        {
            @Override
            public void markdown(final StringBuilder sb)
            {
                sb.append('|');
                header.forEach(h -> sb.append(' ').append(h).append(" |"));
                sb.append("\n|");
                for (int i = 0; i < header.size(); i++)
                {
                    sb.append(i == 0 ? "---|" : "---:|");
                }
                sb.append('\n');
                for (final List<String> row : rows)
                {
                    sb.append('|');
                    row.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
                    sb.append('\n');
                }
                sb.append('\n');
            }

            @Override
            public void html(final StringBuilder sb)
            {
                sb.append("<table>\n<thead><tr>");
                header.forEach(h -> sb.append("<th>").append(inline(h)).append("</th>"));
                sb.append("</tr></thead>\n<tbody>\n");
                for (final List<String> row : rows)
                {
                    sb.append("<tr>");
                    for (int i = 0; i < row.size(); i++)
                    {
                        sb.append(i == 0 ? "<td>" : "<td class=\"n\">").append(inline(row.get(i))).append("</td>");
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
            .append("img{max-width:100%;border:1px solid #eee}\n</style>\n</head>\n<body>\n<h1>")
            .append(escape(title)).append("</h1>\n");
        blocks.forEach(b -> b.html(sb));
        return sb.append("</body>\n</html>\n").toString();
    }

    static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** `code` and **bold**, everything else escaped. */
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
            else
            {
                sb.append("<b>").append(escape(m.group(2))).append("</b>");
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

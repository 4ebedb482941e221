package org.ioptstress.stress.campaign;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer over maps (insertion-ordered), lists, strings, numbers, booleans and null, shared by the
 * campaign and the model checker: the reports must not pull a JSON library into the jcstress jar.
 */
public final class Json
{
    private Json()
    {
    }

    public static String write(final Object value)
    {
        final StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(final StringBuilder sb, final Object v, final int depth)
    {
        if (v == null)
        {
            sb.append("null");
        }
        else if (v instanceof Number || v instanceof Boolean)
        {
            sb.append(v);
        }
        else if (v instanceof Map)
        {
            final Map<?, ?> map = (Map<?, ?>)v;
            if (map.isEmpty())
            {
                sb.append("{}");
                return;
            }
            sb.append('{');
            final Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext())
            {
                final Map.Entry<?, ?> e = it.next();
                newline(sb, depth + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
                if (it.hasNext())
                {
                    sb.append(',');
                }
            }
            newline(sb, depth);
            sb.append('}');
        }
        else if (v instanceof List)
        {
            final List<?> list = (List<?>)v;
            if (list.isEmpty())
            {
                sb.append("[]");
                return;
            }
            final boolean flat = list.stream().allMatch(e -> e instanceof Number || e instanceof String && ((String)e).length() < 40);
            sb.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                if (flat)
                {
                    sb.append(i == 0 ? "" : " ");
                }
                else
                {
                    newline(sb, depth + 1);
                }
                write(sb, list.get(i), depth + 1);
                if (i + 1 < list.size())
                {
                    sb.append(',');
                }
            }
            if (!flat)
            {
                newline(sb, depth);
            }
            sb.append(']');
        }
        else
        {
            string(sb, v.toString());
        }
    }

    private static void newline(final StringBuilder sb, final int depth)
    {
        sb.append('\n');
        for (int i = 0; i < depth; i++)
        {
            sb.append("  ");
        }
    }

    private static void string(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}

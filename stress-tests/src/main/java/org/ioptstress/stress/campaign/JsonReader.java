package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link Json} writes (objects as insertion-ordered maps, arrays as lists, integers as Long,
 * other numbers as Double): enough to merge the model checker's shards and read its results into the campaign report without a JSON library in the jar.
 */
public final class JsonReader
{
    private final String s;
    private int i;

    private JsonReader(final String s)
    {
        this.s = s;
    }

    public static Object read(final String text)
    {
        final JsonReader r = new JsonReader(text);
        final Object v = r.value();
        r.space();
        if (r.i != r.s.length())
        {
            throw r.error("trailing characters");
        }
        return v;
    }

    private Object value()
    {
        space();
        if (i >= s.length())
        {
            throw error("unexpected end");
        }
        final char c = s.charAt(i);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        i++;
        space();
        if (peek('}'))
        {
            i++;
            return map;
        }
        while (true)
        {
            space();
            final String key = string();
            space();
            expect(':');
            map.put(key, value());
            space();
            if (peek(','))
            {
                i++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        i++;
        space();
        if (peek(']'))
        {
            i++;
            return list;
        }
        while (true)
        {
            list.add(value());
            space();
            if (peek(','))
            {
                i++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (i < s.length())
        {
            final char c = s.charAt(i++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            final char e = s.charAt(i++);
            switch (e)
            {
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'u':
                    sb.append((char)Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default:
                    sb.append(e);
            }
        }
        throw error("unterminated string");
    }

    private Object number()
    {
        final int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0)
        {
            i++;
        }
        final String n = s.substring(start, i);
        if (n.isEmpty())
        {
            throw error("unexpected character '" + s.charAt(start) + "'");
        }
        return n.matches("-?\\d+") ? (Object)Long.parseLong(n) : (Object)Double.parseDouble(n);
    }

    private Object literal(final String word, final Object value)
    {
        if (!s.startsWith(word, i))
        {
            throw error("expected " + word);
        }
        i += word.length();
        return value;
    }

    private void space()
    {
        while (i < s.length() && Character.isWhitespace(s.charAt(i)))
        {
            i++;
        }
    }

    private boolean peek(final char c)
    {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("JSON: " + what + " at offset " + i);
    }
}

package org.ioptstress.stress.support;

import java.util.ArrayList;
import java.util.List;

/** Option values shared by the campaign's and the model checker's command lines; bad input is an IllegalArgumentException. */
public final class CliArgs
{
    private CliArgs()
    {
    }

    /** A positive integer. */
    public static int positive(final String text, final String option)
    {
        return atLeast(1, text, option, "a positive integer");
    }

    /** An integer >= 0. */
    public static int nonNegative(final String text, final String option)
    {
        return atLeast(0, text, option, "an integer >= 0");
    }

    private static int atLeast(final int min, final String text, final String option, final String what)
    {
        try
        {
            final int n = Integer.parseInt(text);
            if (n >= min)
            {
                return n;
            }
        }
        catch (final NumberFormatException ignored)
        {
            /* reported below */
        }
        throw new IllegalArgumentException(option + " needs " + what + ", not '" + text + "'");
    }

    /** A comma-separated list of names, each one of {@code known}; at least one. */
    public static List<String> names(final String csv, final List<String> known, final String what)
    {
        final List<String> list = new ArrayList<>();
        for (final String n : csv.split(","))
        {
            final String name = n.strip();
            if (name.isEmpty())
            {
                continue;
            }
            if (!known.contains(name))
            {
                throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: " + String.join(", ", known));
            }
            list.add(name);
        }
        if (list.isEmpty())
        {
            throw new IllegalArgumentException("no " + what + " selected");
        }
        return list;
    }
}

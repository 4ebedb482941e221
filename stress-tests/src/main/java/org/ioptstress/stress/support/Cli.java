package org.ioptstress.stress.support;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.PicocliException;

/**
 * The suite's command lines are picocli commands (campaign, merge, model-check, list, explore): generated help, typed
 * options, completion. Bad input is one line and exit 2: picocli's own message, or the message of the
 * IllegalArgumentException an option's setter threw ({@link CliArgs}).
 */
public final class Cli
{
    public static final int EXIT_USAGE = 2;

    private Cli()
    {
    }

    /** Parses {@code args} into {@code command}'s options; bad input is an IllegalArgumentException with one line. */
    public static CommandLine parse(final Object command, final String... args)
    {
        final CommandLine cl = new CommandLine(command);
        try
        {
            cl.parseArgs(args);
        }
        catch (final ParameterException e)
        {
            /* a setter's own IllegalArgumentException says it better than "Could not invoke ..." */
            final Throwable cause = e.getCause();
            throw new IllegalArgumentException(cause instanceof IllegalArgumentException ? cause.getMessage() : e.getMessage(), e);
        }
        catch (final PicocliException e)
        {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return cl;
    }

    /** The one-line refusal of {@code name} (e.g. "iopt-stress campaign"), with where the options are described. */
    public static int usageError(final PrintStream err, final String name, final IllegalArgumentException e)
    {
        err.println(name + ": " + e.getMessage() + " (" + name + " --help lists the options)");
        return EXIT_USAGE;
    }

    /**
     * A command's start in its {@code main}: {@code parse} (bad input: an IllegalArgumentException of one line),
     * then on bad input the one-line refusal and exit 2, on {@code --help} the generated usage and exit 0;
     * otherwise the parsed command, to run.
     */
    public static <T> T parseOrExit(final String name, final Function<String[], T> parse, final String... args)
    {
        final T command;
        try
        {
            command = parse.apply(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.exit(usageError(System.err, name, e));
            return null;
        }
        final CommandLine cl = new CommandLine(command);
        if (cl.getCommandSpec().options().stream().anyMatch(o -> o.usageHelp() && Boolean.TRUE.equals(o.getValue())))
        {
            cl.usage(System.out);
            System.out.flush();
            System.exit(0);
        }
        return command;
    }

    /** {@code --designs}' completion candidates: every design of the suite. */
    public static final class DesignNames extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        public DesignNames()
        {
            super(Designs.names());
        }
    }

    /** {@code --scenarios}' completion candidates. */
    public static final class ScenarioIds extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        public ScenarioIds()
        {
            super(Scenarios.ids());
        }
    }

    /** Splits {@code args} at the first {@code --}: what follows is passed through (e.g. to jcstress). */
    public static List<List<String>> splitAtDashes(final String[] args)
    {
        final List<String> all = List.of(args);
        final int dashes = all.indexOf("--");
        return dashes < 0 ? List.of(all, List.of()) : List.of(all.subList(0, dashes), all.subList(dashes + 1, all.size()));
    }
}

package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./iopt-stress list [designs|scenarios|modes]}: the suite as the registry and the scenario list hold it,
 * each design with its role (real patch, candidate fix, negative control; core or suite-only), each scenario with
 * its actors and negative controls, each campaign mode with what it runs. Nothing is run.
 */
@Command(name = "list", usageHelpWidth = 120, sortOptions = false,
    description = "The designs (with their roles), scenarios and campaign modes.",
    footer = "Exit: 0 listed, 2 usage.")
public final class ListCommand
{
    /** What {@code list} can print, in the order it prints them with no argument. */
    static final List<String> WHAT = List.of("designs", "scenarios", "modes");

    /** {@code WHAT}'s completion candidates. */
    static final class Whats extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        Whats()
        {
            super(WHAT);
        }
    }

    /** Null: designs and scenarios, what {@code campaign --list} prints. */
    String what;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "WHAT", completionCandidates = Whats.class,
        description = "designs, scenarios or modes (default: designs and scenarios)")
    void what(final String w)
    {
        if (!WHAT.contains(w))
        {
            throw new IllegalArgumentException("unknown list '" + w + "'; known: " + String.join(", ", WHAT));
        }
        what = w;
    }

    /** Parses a list command line (bad input: IllegalArgumentException, one line). */
    static ListCommand parse(final String... args)
    {
        final ListCommand c = new ListCommand();
        Cli.parse(c, args);
        return c;
    }

    /** What this command prints. */
    String text()
    {
        if (what == null)
        {
            return designs() + scenarios();
        }
        switch (what)
        {
            case "designs":
                return designs();
            case "scenarios":
                return scenarios();
            default:
                return modes();
        }
    }

    /** Every design in registry order: name, role, where it is registered, what it does. */
    public static String designs()
    {
        final StringBuilder sb = new StringBuilder("Designs (the registry, in its order: role, then core before suite-only):\n");
        for (final Design d : Designs.all())
        {
            sb.append(String.format(Locale.ROOT, "  %-31s %-17s%-11s %s%n", d.name(), role(d.role()),
                d.suiteOnly() ? "suite-only" : "core", d.summary()));
        }
        return sb.toString();
    }

    /** "real patch", "candidate fix", "negative control". */
    static String role(final Design.Role role)
    {
        return role.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Every scenario: id, actors, the designs it must fail on, the race it stages. */
    public static String scenarios()
    {
        final StringBuilder sb = new StringBuilder("Scenarios (actors; negative controls; the race):\n");
        for (final Scenario s : Scenarios.all())
        {
            sb.append(String.format(Locale.ROOT, "  %-38s %d actors%s; controls: %s%n      %s%n", s.id(), s.actors(),
                s.liveness() ? " (liveness)" : "", String.join(", ", s.negativeControls()), s.race()));
        }
        return sb.toString();
    }

    /** The campaign's modes: jcstress's options, the model checker's budget, seconds of exploration, quick's plan. */
    static String modes()
    {
        final StringBuilder sb = new StringBuilder("Campaign modes (--mode; jcstress options, model-checker budget,"
            + " exploration):\n");
        for (final Mode m : Mode.values())
        {
            sb.append(String.format(Locale.ROOT, "  %-8s jcstress %s; model checker %s; explore %d s%s%n", m.id(),
                String.join(" ", m.jcstressArgs()), m.modelCheckBudget().id(), m.exploreSeconds(),
                m == Mode.QUICK ? "; " + EnginePlan.QUICK_RULE + "; " + EnginePlan.QUICK_CONTROLS_RULE : ""));
        }
        return sb.toString();
    }

    public static void main(final String[] args)
    {
        System.out.print(Cli.parseOrExit("iopt-stress list", ListCommand::parse, args).text());
        System.out.flush();
        System.exit(Campaign.EXIT_OK);
    }
}

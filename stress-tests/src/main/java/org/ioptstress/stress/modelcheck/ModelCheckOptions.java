package org.ioptstress.stress.modelcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.ioptstress.design.Designs;
import org.ioptstress.stress.campaign.EnginePlan;
import org.ioptstress.stress.campaign.Expectations;
import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.stress.support.CliArgs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The model-check command line, parsed by picocli ({@link ModelCheck} runs it; {@link ModelCheckJobs} hands it to its jobs). */
@Command(name = "model-check", usageHelpWidth = 120, sortOptions = false,
    description = "Every selected scenario against every selected design under Lincheck's model checker.",
    footer = {"Exit: 0 done and every negative control failed, 1 a negative control passed or an engine error, 2 usage,",
        "      3 a job crashed"})
final class ModelCheckOptions
{
    List<String> designs = Designs.names();
    List<String> scenarios = Scenarios.ids();
    Budget budget = Budget.QUICK;
    int invocations = -1;
    int repeat = 1;
    int jobs = 1;
    int shard;
    int shards = 1;
    /** {@code --pairs}: only these "scenario/design" pairs (a campaign shard's); null for every selected pair. */
    java.util.Set<String> pairs;
    @Option(names = "--out", paramLabel = "DIR",
        description = "output directory (default target/model-check): model-check.json, traces/")
    Path out = Paths.get("target", "model-check");
    @Option(names = "--list", description = "print the designs and scenarios")
    boolean list;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--designs", paramLabel = "a,b", completionCandidates = Cli.DesignNames.class,
        description = "designs to check (default: all)")
    void designs(final String csv)
    {
        designs = CliArgs.names(csv, Designs.names(), "design");
    }

    @Option(names = "--scenarios", paramLabel = "x,y", completionCandidates = Cli.ScenarioIds.class,
        description = "scenarios to check (default: all)")
    void scenarios(final String csv)
    {
        scenarios = CliArgs.names(csv, Scenarios.ids(), "scenario");
    }

    @Option(names = "--budget", paramLabel = "B", description = "quick, default or tough interleavings per pair"
        + " (default quick)")
    void budget(final String id)
    {
        budget = Budget.of(id);
    }

    @Option(names = "--invocations", paramLabel = "N", description = "interleavings per pair, overriding the budget")
    void invocations(final String n)
    {
        invocations = CliArgs.positive(n, "--invocations");
    }

    @Option(names = "--repeat", paramLabel = "N", description = "explore each FAILED pair N times; time to first failure"
        + " is the median (default 1)")
    void repeat(final String n)
    {
        repeat = CliArgs.positive(n, "--repeat");
    }

    @Option(names = "--jobs", paramLabel = "N", description = "run the pairs in N JVMs (Lincheck is single-threaded per"
        + " JVM; default 1)")
    void jobs(final String n)
    {
        jobs = CliArgs.positive(n, "--jobs");
    }

    @Option(names = "--shard", paramLabel = "k/N", hidden = true, description = "this JVM's pairs of a --jobs N run")
    void shard(final String kn)
    {
        shard(this, kn);
    }

    /** {@code --leave-to-jcstress CPUS}: the quick campaign's rule ({@link EnginePlan#QUICK_RULE}); 0 for none. */
    int leaveToJcstress;

    @Option(names = "--leave-to-jcstress", paramLabel = "CPUS", description = "skip (not run on this engine) every pair"
        + " jcstress runs on CPUS CPUs: the quick campaign's plan")
    void leaveToJcstress(final String n)
    {
        leaveToJcstress = CliArgs.positive(n, "--leave-to-jcstress");
    }

    /** {@code --quick-controls FILE}: the quick campaign's rule for negative controls ({@link EnginePlan#QUICK_CONTROLS_RULE}). */
    Path quickControls;
    private Expectations quickExpectations;

    @Option(names = "--quick-controls", paramLabel = "FILE", description = "skip (not run on this engine) a negative control"
        + " on every pair whose model-checker expectation in FILE (expected-verdicts.properties) is not exactly FAILED: the"
        + " quick campaign's plan")
    void quickControls(final String file)
    {
        quickControls = Paths.get(file);
    }

    /** The expectations of {@code --quick-controls} (none when its file does not exist, as the campaign reads it). */
    Expectations quickExpectations()
    {
        if (quickExpectations == null)
        {
            try
            {
                quickExpectations = Files.exists(quickControls) ? Expectations.load(quickControls) : Expectations.none();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return quickExpectations;
    }

    @Option(names = "--pairs", paramLabel = "s/d,...", description = "only these scenario/design pairs of the"
        + " selection (a campaign shard's)")
    void pairs(final String list)
    {
        pairs = pairList(list);
    }

    int invocationsPerPair()
    {
        return invocations > 0 ? invocations : budget.invocations();
    }

    String budgetName()
    {
        return invocations > 0 ? "custom" : budget.id();
    }

    static ModelCheckOptions parse(final String[] args)
    {
        final ModelCheckOptions o = new ModelCheckOptions();
        Cli.parse(o, args);
        return o;
    }

    /** {@code k/N}: this JVM runs the pairs whose index is k modulo N (a job of a {@code --jobs N} run). */
    private static void shard(final ModelCheckOptions o, final String text)
    {
        final String[] kn = text.split("/");
        if (kn.length == 2)
        {
            try
            {
                o.shard = Integer.parseInt(kn[0]);
                o.shards = Integer.parseInt(kn[1]);
                if (o.shards > 0 && o.shard >= 0 && o.shard < o.shards)
                {
                    return;
                }
            }
            catch (final NumberFormatException ignored)
            {
                /* reported below */
            }
        }
        throw new IllegalArgumentException("--shard needs k/N with 0 <= k < N, not '" + text + "'");
    }

    /** {@code scenario/design,...}: each a known scenario and design; empty for none. */
    private static java.util.Set<String> pairList(final String text)
    {
        final java.util.Set<String> set = new java.util.LinkedHashSet<>();
        for (final String p : text.split(","))
        {
            if (p.isBlank())
            {
                continue;
            }
            final String[] sd = p.strip().split("/");
            if (sd.length != 2 || !Scenarios.ids().contains(sd[0]) || !Designs.names().contains(sd[1]))
            {
                throw new IllegalArgumentException("--pairs needs scenario/design,..., not '" + p + "'");
            }
            set.add(sd[0] + "/" + sd[1]);
        }
        return set;
    }
}

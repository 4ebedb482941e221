package org.ioptstress.stress.campaign;

import java.nio.file.Path;
import java.util.ArrayList;

import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.stress.support.CliArgs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code iopt-stress campaign}'s command line (picocli), filling {@link Campaign.Options}. */
@Command(name = "iopt-stress campaign", usageHelpWidth = 120, sortOptions = false,
    description = "Every selected scenario against every selected design, through jcstress and Lincheck's model checker;"
        + " writes report.{md,html,json}.",
    footer = {"Options after -- go to jcstress.",
        "Exit: 0 every verdict as expected and every negative control failed, 1 a verdict differs or a negative control"
            + " passed, 2 usage or bad input, 3 harness error."})
final class CampaignCommand
{
    final Campaign.Options o = new Campaign.Options();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--list", description = "print the designs and scenarios and exit")
    boolean list;

    @Option(names = "--designs", paramLabel = "a,b", completionCandidates = Cli.DesignNames.class,
        description = "designs to run (default: all): ${COMPLETION-CANDIDATES}")
    void designs(final String csv)
    {
        o.designs = CliArgs.names(csv, Designs.names(), "design");
    }

    @Option(names = "--scenarios", paramLabel = "x,y", completionCandidates = Cli.ScenarioIds.class,
        description = "scenarios to run (default: all)")
    void scenarios(final String csv)
    {
        o.scenarios = CliArgs.names(csv, Scenarios.ids(), "scenario");
    }

    @Option(names = "--mode", paramLabel = "M", completionCandidates = Modes.class,
        description = "jcstress effort: sanity, quick, default, tough (default quick)")
    void mode(final String id)
    {
        o.mode = Mode.of(id);
    }

    @Option(names = "--out", paramLabel = "DIR", description = "report directory (default target/campaign-<UTC time>)")
    void out(final Path dir)
    {
        o.out = dir;
    }

    @Option(names = "--expected", paramLabel = "FILE",
        description = "expected verdicts (default expected-verdicts.properties in the repository)")
    void expected(final Path file)
    {
        o.expectations = file;
    }

    @Option(names = "--bench", description = "also run the JMH campaign (benchmarks/target/benchmarks.jar) and link its report")
    void bench(final boolean on)
    {
        o.bench = on;
    }

    @Option(names = "--explore-seconds", paramLabel = "N", description = {"explore generated programs on the campaign's"
        + " designs for N s (./iopt-stress explore) and link its findings;", "default: quick 20, default 120, tough 600,"
        + " sanity 0 (0: off)"})
    void exploreSeconds(final String n)
    {
        o.exploreSeconds = CliArgs.nonNegative(n, "--explore-seconds");
    }

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs jcstress may use (default: all); tests with more actors are skipped")
    void cpus(final String n)
    {
        o.cpus = CliArgs.positive(n, "--cpus");
    }

    @Option(names = "--no-model-check", description = "jcstress only (default: also Lincheck's model checker over the same pairs)")
    void noModelCheck(final boolean off)
    {
        o.modelCheck = !off;
    }

    @Option(names = "--mc-invocations", paramLabel = "N", description = "the model checker's interleavings per pair,"
        + " overriding the mode's budget")
    void mcInvocations(final String n)
    {
        o.modelCheckInvocations = CliArgs.positive(n, "--mc-invocations");
    }

    @Option(names = "--first-failure-runs", paramLabel = "N", description = {"runs per failing pair behind each engine's"
        + " median time to first failure", "(default 1: the campaign's own fork; N > 1 re-runs the FAILED jcstress tests in"
        + " N-1 more forks and repeats each failing exploration N times)"})
    void firstFailureRuns(final String n)
    {
        o.firstFailureRuns = CliArgs.positive(n, "--first-failure-runs");
    }

    @Option(names = "--fork-stall-seconds", paramLabel = "N", description = "a jcstress fork silent this long is stopped,"
        + " its thread dump saved, its test FAILED hung (default: 120 s; default mode 300 s, tough 1200 s)")
    void forkStallSeconds(final String n)
    {
        o.forkStallSeconds = CliArgs.positive(n, "--fork-stall-seconds");
    }

    @Option(names = "--shard", paramLabel = "I/N", description = {"run shard I (0 <= I < N) of the campaign's units,"
        + " balanced by cost; merge the shards' directories", "with ./iopt-stress merge. A shard exits 0 once its units ran"})
    void shard(final String in)
    {
        Shard.parseShard(o, in);
    }

    @Option(names = "--shards", paramLabel = "N", description = "the same, I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)")
    void shards(final String n)
    {
        o.shardCount = CliArgs.positive(n, "--shards");
    }

    @Option(names = "--costs", paramLabel = "P", description = "per-unit times of a previous campaign (its directory,"
        + " a units.json or a report.json) for the shard plan; default: the estimates table (see --plan)")
    void costs(final Path p)
    {
        o.costs = p;
    }

    @Option(names = "--resume", paramLabel = "DIR", description = {"run the units a stopped campaign in DIR did not"
        + " finish and complete its report; stopped by SIGTERM/SIGINT,", "a campaign writes its report and exits 143/130"})
    void resume(final Path dir)
    {
        o.resume = dir;
    }

    @Option(names = "--plan", paramLabel = "N", description = "print the partition into N shards and each shard's projected time, and exit")
    void plan(final String n)
    {
        o.planShards = CliArgs.positive(n, "--plan");
    }

    @Option(names = "--quiet", description = "no progress lines")
    void quiet(final boolean on)
    {
        o.quiet = on;
    }

    @Option(names = "--jar", paramLabel = "JAR", hidden = true, description = "the suite's jar (default: this one)")
    void jar(final Path jar)
    {
        o.jar = jar;
    }

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "the repository (the launcher's)")
    void root(final Path dir)
    {
        o.root = dir.toAbsolutePath();
    }

    @Option(names = "--command", paramLabel = "TEXT", hidden = true, description = "the command line the report names")
    void command(final String text)
    {
        o.command = text;
    }

    /** {@code --mode}'s completion candidates. */
    public static final class Modes extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        public Modes()
        {
            super(java.util.List.of(Mode.SANITY.id(), Mode.QUICK.id(), Mode.DEFAULT.id(), Mode.TOUGH.id()));
        }
    }
}

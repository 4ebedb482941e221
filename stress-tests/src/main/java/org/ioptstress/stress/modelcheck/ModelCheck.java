package org.ioptstress.stress.modelcheck;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ioptstress.stress.campaign.EnginePlan;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.stress.support.Json;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;

import picocli.CommandLine;

/**
 * The model-checking campaign: every selected scenario against every selected design under Lincheck's model
 * checker ({@link ModelChecker}), one JVM, pairs one after another.
 *
 * <pre>
 * java -cp stress-tests/target/jcstress.jar org.ioptstress.stress.modelcheck.ModelCheck \
 *     [--designs a,b] [--scenarios x,y] [--budget quick|default|tough] [--invocations N] [--repeat N] [--out DIR]
 *     [--jobs N] [--pairs scenario/design,...]
 * </pre>
 *
 * Writes {@code DIR/model-check.json} (rewritten after every pair, so an interrupted run keeps what it found) and,
 * per failure, {@code DIR/traces/<scenario>__<design>.txt} (the condensed interleaving, with the command replaying
 * it) and {@code .lincheck.txt.gz} (Lincheck's complete output). With {@code --repeat N} each FAILED pair is
 * explored N times and its time to first failure is the median; the exploration itself is deterministic (same
 * interleaving, same count every time), so only the wall time varies.
 *
 * <p>Lincheck explores one interleaving at a time, and one exploration at a time per JVM: {@code --jobs N} ({@link ModelCheckJobs}) runs the
 * pairs in N JVMs (shards of the pair list) and merges their results.
 *
 * <p>Exit codes: 0 every pair explored and every negative control failed; 1 a scenario's negative control passed
 * within the budget, or the engine failed on a pair (ERROR); 2 usage; 3 a job of {@code --jobs} crashed.
 *
 * <h2>model-check.json (schema {@code iopt-stress-model-check/1}; fields are only ever added)</h2>
 * <pre>
 * {
 *   "schema": "iopt-stress-model-check/1",
 *   "run": { "started", "finished": ISO-8601, "durationSeconds", "command", "budget": "quick|default|tough|custom",
 *            "invocationsPerPair", "repeat", "jobs", "cpus", "jdk", "exitCode",
 *            "engine": { "name": "lincheck", "version", "strategy", "analyzeStdLib", "loopBound",
 *                        "loopIterationsBeforeThreadSwitch", "recursionBound", "deterministic": true } },
 *   "results": [ {
 *       "design", "scenario", "engine": "model-checker", "actors": threads in the race,
 *       "verdict": "OK|FAILED|SKIPPED|ERROR" (SKIPPED: the fixture cannot be built on the design, or the reason
 *                  starts "not run on this engine: ": the scenario is not one for the model checker),
 *       "reason": null | the failing outcome string | why an actor hung | why skipped | the engine error,
 *       "label": null | the failing outcome's label (as in jcstress's outcome strings) | "hung",
 *       "outcome": null | "FAIL label | details" exactly as Trial.finish produced it,
 *       "negativeControl": this design is one of the scenario's negative controls,
 *       "budget": interleavings allowed, "invocations": interleavings tried (up to the failing one when FAILED),
 *       "exhaustive": OK and every interleaving at Lincheck's switch points was tried,
 *       "millis": wall time of the first exploration (a failure includes Lincheck's replay for the trace),
 *       "firstFailureMillis": null | median over the repeats of the wall time until Lincheck reported the failure
 *                             (exploration up to the failing interleaving plus Lincheck's replay of it for the trace),
 *       "detectedMillis": null | median over the repeats of the wall time until the failing trial was judged
 *                         (FAIL outcomes only: a hang is known only when Lincheck reports it),
 *       "firstFailureMillisRuns", "detectedMillisRuns", "invocationsRuns": [ one per repeat; -1 when a repeat
 *                         did not fail, which a deterministic exploration never does ],
 *       "trace": null | path of the condensed trace relative to DIR, "rawTrace": null | path of Lincheck's output
 *   } ],
 *   "problems": [ every negative control that passed, every ERROR ]
 * }
 * </pre>
 */
public final class ModelCheck
{
    public static final String SCHEMA = "iopt-stress-model-check/1";

    /**
     * JVM options of a model-checking JVM. C1 only: Lincheck's instrumented code is huge and an exploration short, so
     * C2 spends more CPU compiling it than it saves (process CPU per interleaving about 3x lower on 2 CPUs, see the
     * README's performance notes); the serial collector: Lincheck runs one thread at a time, parallel GC threads only
     * compete with it.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ModelCheck()
    {
    }

    public static void main(final String[] args)
    {
        final ModelCheckOptions options;
        try
        {
            options = ModelCheckOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.exit(Cli.usageError(System.err, "model-check", ex));
            return;
        }
        final int code;
        if (options.help)
        {
            new CommandLine(options).usage(System.out);
            code = 0;
        }
        else if (options.list)
        {
            System.out.println(list());
            code = 0;
        }
        else
        {
            code = run(options, String.join(" ", args), System.out);
        }
        System.out.flush();
        /* a hung trial can leave threads Lincheck could not stop: do not wait for them */
        System.exit(code);
    }

    /** The suite, as {@code iopt-stress list} prints it. */
    static String list()
    {
        return org.ioptstress.stress.campaign.ListCommand.designs() + org.ioptstress.stress.campaign.ListCommand.scenarios();
    }

    /** The command line's options, for the completion script. */
    public static Object command()
    {
        return new ModelCheckOptions();
    }

    /** Runs the campaign; returns the exit code. */
    static int run(final ModelCheckOptions o, final String command, final PrintStream progress)
    {
        return o.jobs > 1 ? ModelCheckJobs.run(o, command, progress) : runPairs(o, command, progress);
    }

    /** The selected pairs in report order (scenario-major), this shard's only when sharded. */
    static List<String[]> pairs(final ModelCheckOptions o)
    {
        final List<String[]> pairs = new ArrayList<>();
        int index = 0;
        for (final String scenario : o.scenarios)
        {
            for (final String design : o.designs)
            {
                if (o.pairs != null && !o.pairs.contains(scenario + "/" + design))
                {
                    continue;
                }
                if (o.shards <= 1 || index % o.shards == o.shard)
                {
                    pairs.add(new String[] {scenario, design});
                }
                index++;
            }
        }
        return pairs;
    }

    private static String jsonName(final ModelCheckOptions o)
    {
        return o.shards > 1 ? "model-check.shard-" + o.shard + ".json" : "model-check.json";
    }

    private static int runPairs(final ModelCheckOptions o, final String command, final PrintStream progress)
    {
        final Instant started = Instant.now();
        final long t0 = System.nanoTime();
        final List<String[]> pairs = pairs(o);
        final List<ModelCheckJson.Pair> results = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        progress.printf("model-check: %d pairs (%d scenarios x %d designs%s), %s budget (%d interleavings per pair), repeat %d,"
                + " Lincheck %s -> %s%n", pairs.size(), o.scenarios.size(), o.designs.size(),
            o.shards > 1 ? ", shard " + o.shard + "/" + o.shards : "", o.budgetName(), o.invocationsPerPair(), o.repeat,
            ModelChecker.LINCHECK_VERSION, o.out.toAbsolutePath());
        /* attach Lincheck's agent and instrument the port's classes before the first measured pair */
        pairs.stream().filter(p -> Scenarios.byId(p[0]).runsOn(Scenario.MODEL_CHECKER) && leftByPlan(o, Scenarios.byId(p[0]), p[1]) == null).findFirst()
            .ifPresent(p -> ModelChecker.explore(Scenarios.byId(p[0]), p[1], 1));
        int n = 0;
        for (final String[] pair : pairs)
        {
            n++;
            final Scenario scenario = Scenarios.byId(pair[0]);
            final ModelCheckJson.Pair r = explore(o, scenario, pair[1], problems);
            results.add(r);
            /* one println per pair: the lines of parallel jobs do not interleave mid-line */
            progress.println(String.format("[%3d/%d] %-40s %-28s ", n, pairs.size(), pair[0], pair[1]) + summary(r));
            writeJson(o, command, started, t0, results, problems, -1);
        }
        final int exit = problems.isEmpty() ? 0 : 1;
        writeJson(o, command, started, t0, results, problems, exit);
        summarize(o, results, problems, t0, progress);
        return exit;
    }

    static void summarize(final ModelCheckOptions o, final List<ModelCheckJson.Pair> results, final List<String> problems,
        final long t0, final PrintStream progress)
    {
        final long failed = results.stream().filter(ModelCheckJson.Pair::failed).count();
        final long ok = results.stream().filter(r -> "OK".equals(r.verdict())).count();
        progress.printf("model-check: %d pairs in %.0f s: %d OK, %d FAILED, %d other; %s%n", results.size(),
            (System.nanoTime() - t0) / 1e9, ok, failed, results.size() - ok - failed, o.out.resolve(jsonName(o)).toAbsolutePath());
        for (final String p : problems)
        {
            progress.println("  problem: " + p);
        }
    }

    /**
     * Interleavings for one pair: the budget's, raised to the scenario's floor for the design
     * ({@link Scenario#modelCheckerAtLeast}) under the quick and default budgets; sanity's one interleaving and an
     * explicit {@code --invocations} are kept as asked.
     */
    static int budgetOf(final ModelCheckOptions o, final Scenario scenario, final String design)
    {
        final int n = o.invocationsPerPair();
        return o.invocations > 0 || o.budget == Budget.SANITY ? n : Math.max(n, scenario.modelCheckerAtLeast(design));
    }

    /**
     * Why the campaign's quick plan, as {@code --leave-to-jcstress CPUS} and {@code --quick-controls FILE} pass it,
     * leaves the pair ({@link EnginePlan#quickLeavesToModelChecker}: the campaign's own rule), or null. A scenario
     * not on the model checker is {@link ModelChecker#explore}'s to skip.
     */
    static String leftByPlan(final ModelCheckOptions o, final Scenario scenario, final String design)
    {
        return scenario.runsOn(Scenario.MODEL_CHECKER) ? EnginePlan.quickLeavesToModelChecker(o.leaveToJcstress,
            o.quickControls == null ? null : o.quickExpectations(), scenario, design) : null;
    }

    private static ModelCheckJson.Pair explore(final ModelCheckOptions o, final Scenario scenario, final String design,
        final List<String> problems)
    {
        final String left = leftByPlan(o, scenario, design);
        final Exploration first = left != null
            ? new Exploration(scenario.id(), design, scenario.actors(), scenario.negativeControls().contains(design),
                Exploration.Verdict.SKIPPED, null, left, o.invocationsPerPair(), 0, false, 0, -1, null, null)
            : ModelChecker.explore(scenario, design, budgetOf(o, scenario, design));
        Long detectedMillis = first.detectedMillis() >= 0 ? first.detectedMillis() : null;
        Long firstFailureMillis = null;
        final List<Long> millis = new ArrayList<>();
        final List<Long> detected = new ArrayList<>();
        final List<Integer> invocations = new ArrayList<>();
        String trace = null;
        String raw = null;
        if (first.failed())
        {
            millis.add(first.millis());
            detected.add(first.detectedMillis());
            invocations.add(first.invocations());
            for (int i = 1; i < o.repeat; i++)
            {
                final Exploration again = ModelChecker.explore(scenario, design, budgetOf(o, scenario, design));
                millis.add(again.failed() ? again.millis() : -1L);
                detected.add(again.failed() ? again.detectedMillis() : -1L);
                invocations.add(again.failed() ? again.invocations() : -1);
            }
            final long detectedMedian = median(detected);
            detectedMillis = detectedMedian >= 0 ? detectedMedian : null;
            firstFailureMillis = median(millis);
            final String replay = "java -cp stress-tests/target/jcstress.jar " + ModelCheck.class.getName() + " --scenarios "
                + scenario.id() + " --designs " + design + " --invocations " + first.invocations();
            final Path dir = o.out.resolve("traces");
            final Path txt = TraceFiles.write(dir, scenario, first, replay);
            trace = o.out.relativize(txt).toString();
            raw = o.out.relativize(dir.resolve(TraceFiles.baseName(scenario.id(), design) + ".lincheck.txt.gz")).toString();
        }
        if (first.verdict() == Exploration.Verdict.OK && first.negativeControl())
        {
            problems.add(scenario.id() + " on " + design + ": negative control passed " + first.invocations()
                + " interleavings (" + (first.exhaustive() ? "all of them" : "raise the budget") + ")");
        }
        if (first.verdict() == Exploration.Verdict.ERROR)
        {
            problems.add(scenario.id() + " on " + design + ": " + first.reason());
        }
        return new ModelCheckJson.Pair(design, scenario.id(), "model-checker", scenario.actors(), first.verdict().name(),
            first.reason(), first.label(), first.outcome() == null ? null : first.outcome().toString(), first.negativeControl(),
            first.budget(), first.invocations(), first.exhaustive(), first.millis(), detectedMillis, firstFailureMillis,
            millis, detected, invocations, trace, raw);
    }

    private static String summary(final ModelCheckJson.Pair r)
    {
        switch (r.verdict())
        {
            case "FAILED":
                return String.format("FAILED %s at interleaving %s, %.1f s%s  %s", r.label(), r.invocations(), r.millis() / 1000.0,
                    r.firstFailureMillisRuns().size() > 1 ? " (median " + r.firstFailureMillis() + " ms)" : "", r.trace());
            case "OK":
                return String.format("OK     %s interleavings%s, %.1f s", r.invocations(), r.exhaustive() ? " (all)" : "",
                    r.millis() / 1000.0);
            default:
                return r.verdict() + (String.valueOf(r.reason()).startsWith(ModelChecker.NOT_ON_THIS_ENGINE) ? " " : "  ")
                    + r.reason();
        }
    }

    static long median(final List<Long> values)
    {
        final long[] v = values.stream().mapToLong(Long::longValue).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0)
        {
            return -1;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void writeJson(final ModelCheckOptions o, final String command, final Instant started, final long t0,
        final List<ModelCheckJson.Pair> results, final List<String> problems, final int exit)
    {
        final ModelCheckJson.Engine engine = new ModelCheckJson.Engine("lincheck", ModelChecker.LINCHECK_VERSION,
            "model checking, Lincheck.runConcurrentTest: one invocation = one trial", ModelChecker.ANALYZE_STDLIB,
            ModelChecker.LOOP_BOUND, ModelChecker.LOOP_ITERATIONS_BEFORE_THREAD_SWITCH, ModelChecker.RECURSION_BOUND, true);
        final ModelCheckJson.Run run = new ModelCheckJson.Run(started.toString(), exit < 0 ? null : Instant.now().toString(),
            (System.nanoTime() - t0) / 1_000_000_000L, "ModelCheck " + command, o.budgetName(), o.invocationsPerPair(),
            o.repeat, o.jobs, Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), exit < 0 ? null : exit, engine);
        try
        {
            Files.createDirectories(o.out);
            Json.write(o.out.resolve(jsonName(o)), new ModelCheckJson(SCHEMA, run, results, problems));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

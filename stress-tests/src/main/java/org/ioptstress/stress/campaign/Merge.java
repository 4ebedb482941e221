package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.jcstress.FirstFailure;
import org.ioptstress.stress.scenario.Scenarios;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.ioptstress.stress.support.Cli;
import org.ioptstress.stress.support.CliArgs;
import org.ioptstress.support.Machine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./iopt-stress merge DIR... [--out DIR]}: one campaign report from the result directories of its shards,
 * built as a single run builds its own: each part's verdicts read from its raw results with the same readers
 * (jcstress's result file graded by {@link ResultReader}, {@code model-check.json} by {@link ModelCheckVerdict}, the
 * forks' first failures), judged by {@link Campaign#judge} and written by {@link ReportWriter}. The parts are copied
 * under {@code <out>/parts/} so the report's links hold. Refuses (exit 2, one line) parts of different commits,
 * modes, selections, options or shard plans, and a shard given twice; a unit no part ran is NOT_RUN in its cell and
 * fails the merge (exit 1). Exit codes otherwise as the campaign's: 0, 1, 3.
 *
 * <p>Also {@code --resume DIR}: the same merge over a directory and its {@code resume-K} parts, after running the
 * units none of them finished.
 */
public final class Merge
{
    /** A part of a campaign: a result directory with its units.json. */
    record Part(Path dir, Progress progress)
    {
    }

    /** A merge that must not happen: one line, exit 2. */
    static final class Refused extends Exception
    {
        Refused(final String message)
        {
            super(message);
        }
    }

    private Merge()
    {
    }

    /** The merge's command line. */
    @Command(name = "iopt-stress merge", usageHelpWidth = 120, sortOptions = false,
        description = "One report from a campaign's shard directories.",
        footer = "Exit: 0 every verdict as expected, 1 a verdict differs or a unit no shard ran, 2 usage or shards that do not"
            + " belong together, 3 harness error.")
    static final class Args
    {
        @Parameters(paramLabel = "DIR", description = {"a shard's result directory (./iopt-stress campaign --shard I/N --out"
            + " DIR), with its resume-K parts,", "or a directory of them"})
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = {"the merged report's directory (default"
            + " target/campaign-merged-<UTC time>);", "the parts are copied under <out>/parts/"})
        Path out;

        @Option(names = "--expected", paramLabel = "FILE",
            description = "expected verdicts (default expected-verdicts.properties in the repository)")
        Path expected;

        Path root = Paths.get("").toAbsolutePath();

        @Option(names = "--command", paramLabel = "TEXT", hidden = true, description = "the command line the report names")
        String command;

        /** Seconds to wait for every shard to complete (a Kubernetes merge Job started with its shards). */
        long waitSeconds;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;

        @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "the repository (the launcher's)")
        void root(final Path dir)
        {
            root = dir.toAbsolutePath();
        }

        @Option(names = "--wait", paramLabel = "S", description = "wait up to S seconds for every shard to complete, then"
            + " merge what there is")
        void waitSeconds(final String s)
        {
            waitSeconds = CliArgs.positive(s, "--wait");
        }
    }

    static Args parse(final String[] args)
    {
        return command(new Args(), args);
    }

    private static Args command(final Args a, final String[] args)
    {
        a.command = "iopt-stress merge " + String.join(" ", args);
        Cli.parse(a, args);
        if (a.inputs.isEmpty() && !a.help)
        {
            throw new IllegalArgumentException("no result directory to merge");
        }
        return a;
    }

    public static void main(final String[] args)
    {
        final Args a;
        try
        {
            a = parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.exit(Cli.usageError(System.err, "iopt-stress merge", e));
            return;
        }
        if (a.help)
        {
            new picocli.CommandLine(a).usage(System.out);
            System.exit(Campaign.EXIT_OK);
            return;
        }
        final Path out = a.out != null ? a.out : a.root.resolve("target").resolve("campaign-merged-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        int code;
        try
        {
            final PrintWriter log = new PrintWriter(System.out, true);
            final List<Path> inputs = a.waitSeconds > 0 ? await(a.inputs, a.waitSeconds, log) : expand(a.inputs);
            final Campaign.Result r = merge(inputs, out, expectations(a.root, a.expected), a.command);
            summary(r, options(r), log);
            code = r.exitCode;
        }
        catch (final Refused | IllegalArgumentException e)
        {
            System.err.println("iopt-stress merge: " + e.getMessage());
            code = Campaign.EXIT_USAGE;
        }
        catch (final IOException | RuntimeException e)
        {
            System.err.println("iopt-stress merge: " + e);
            code = Campaign.EXIT_HARNESS;
        }
        catch (final InterruptedException e)
        {
            code = Campaign.EXIT_HARNESS;
        }
        System.exit(code);
    }

    /** A result directory as given, or a directory of them (its subdirectories with a units.json, by name). */
    static List<Path> expand(final List<Path> inputs) throws IOException
    {
        final List<Path> all = new ArrayList<>();
        for (final Path in : inputs)
        {
            if (Progress.exists(in) || !Files.isDirectory(in))
            {
                all.add(in);
                continue;
            }
            try (Stream<Path> list = Files.list(in))
            {
                final List<Path> shards = list.filter(Progress::exists).sorted().collect(Collectors.toList());
                all.addAll(shards.isEmpty() ? List.of(in) : shards);
            }
        }
        return all;
    }

    /**
     * {@code --wait S}: until every shard of the campaign has completed (its last part's state), at most S seconds;
     * then what there is (a shard that never reported is not run).
     */
    static List<Path> await(final List<Path> inputs, final long seconds, final PrintWriter log) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long nextReport = 0;
        while (true)
        {
            final List<Path> found = expand(inputs).stream().filter(Progress::exists).collect(Collectors.toList());
            int complete = 0;
            int count = -1;
            for (final Path d : found)
            {
                try
                {
                    final List<Part> chain = chain(d);
                    count = chain.get(0).progress().shardCount;
                    complete += Progress.COMPLETE.equals(chain.get(chain.size() - 1).progress().state) ? 1 : 0;
                }
                catch (final Refused e)
                {
                    /* being written: look again */
                }
            }
            if (count > 0 && complete >= count || System.nanoTime() > deadline)
            {
                return expand(inputs);
            }
            if (System.nanoTime() > nextReport)
            {
                log.println("iopt-stress merge: " + complete + " of " + (count < 0 ? "?" : count) + " shards complete, waiting");
                nextReport = System.nanoTime() + 60_000_000_000L;
            }
            Thread.sleep(10_000);
        }
    }

    static Expectations expectations(final Path root, final Path expected) throws IOException
    {
        final Path file = expected != null ? expected : root.resolve("expected-verdicts.properties");
        if (!Files.exists(file))
        {
            if (expected != null)
            {
                throw new IllegalArgumentException("no such expectations file: " + file);
            }
            return Expectations.none();
        }
        return Expectations.load(file);
    }

    /** {@code dir} and its resume parts, in the order they ran. */
    static List<Part> chain(final Path dir) throws Refused
    {
        final List<Part> parts = new ArrayList<>();
        parts.add(part(dir));
        for (int k = 1; Progress.exists(dir.resolve("resume-" + k)); k++)
        {
            parts.add(part(dir.resolve("resume-" + k)));
        }
        return parts;
    }

    private static Part part(final Path dir) throws Refused
    {
        try
        {
            return new Part(dir, Progress.read(dir));
        }
        catch (final IllegalArgumentException e)
        {
            throw new Refused(e.getMessage());
        }
    }

    /** Checks the inputs belong to one campaign, copies them under {@code out/parts}, merges them into {@code out}. */
    static Campaign.Result merge(final List<Path> inputs, final Path out, final Expectations expectations, final String command)
        throws Refused, IOException
    {
        final List<List<Part>> chains = new ArrayList<>();
        for (final Path in : inputs)
        {
            if (!Files.isDirectory(in))
            {
                throw new Refused(in + ": no such directory");
            }
            if (out.toAbsolutePath().normalize().startsWith(in.toAbsolutePath().normalize()))
            {
                throw new Refused("--out " + out + " is inside the input " + in);
            }
            chains.add(chain(in));
        }
        check(chains);
        /* copy, so the merged report's links to jcstress's pages and the traces hold wherever it is moved */
        final Path partsDir = out.resolve("parts");
        final List<Part> copies = new ArrayList<>();
        final Set<String> names = new TreeSet<>();
        for (int i = 0; i < inputs.size(); i++)
        {
            String name = inputs.get(i).toAbsolutePath().normalize().getFileName().toString();
            if (!names.add(name))
            {
                name = name + "-" + i;
                names.add(name);
            }
            final Path copy = partsDir.resolve(name);
            copyTree(inputs.get(i), copy);
            copies.addAll(chain(copy));
        }
        return build(copies, out, expectations, command);
    }

    /** One campaign: the same identity everywhere, each shard once. */
    static void check(final List<List<Part>> chains) throws Refused
    {
        final Part first = chains.get(0).get(0);
        final Map<Integer, Path> shards = new HashMap<>();
        for (final List<Part> chain : chains)
        {
            for (final Part p : chain)
            {
                final String diff = first.progress().differs(p.progress());
                if (diff != null)
                {
                    throw new Refused(first.dir() + " and " + p.dir() + " are not shards of one campaign: " + diff);
                }
            }
            final Part head = chain.get(0);
            final Path seen = shards.put(head.progress().shardIndex, head.dir());
            if (seen != null)
            {
                throw new Refused("shard " + head.progress().shardName() + " given twice: " + seen + " and " + head.dir());
            }
        }
    }

    /**
     * The report of {@code parts} (later parts of a shard supersede its earlier ones) in {@code out}, as a single
     * run writes it.
     */
    static Campaign.Result build(final List<Part> parts, final Path out, final Expectations expectations, final String command)
        throws IOException
    {
        final Progress first = parts.get(0).progress();
        final Campaign.Options o = options(first);
        final Campaign.Result r = new Campaign.Result();
        r.reportDir = out;
        for (final String s : o.scenarios)
        {
            for (final String d : o.designs)
            {
                final TestVerdict v = new TestVerdict(d, s, "jcstress", Adapters.testName(Scenarios.byId(s), d),
                    Scenarios.byId(s).negativeControls().contains(d));
                v.verdict = Verdict.NOT_RUN;
                v.reason = "no shard ran it";
                if (o.modelCheck)
                {
                    v.modelChecker = Shard.notRun(new Unit(d, s, Unit.MODEL_CHECKER), "no shard ran it");
                }
                r.verdicts.add(v);
            }
        }
        for (final Part part : parts)
        {
            read(part, out, r);
        }

        /* the run: the campaign's span, the first part's machine */
        final Map<String, String> run = r.run;
        run.putAll(first.run);
        run.put("started", parts.stream().map(p -> p.progress().run.get("started")).filter(x -> x != null).min(String::compareTo).orElse(""));
        run.put("finished", parts.stream().map(p -> p.progress().run.get("finished")).filter(x -> x != null).max(String::compareTo).orElse(""));
        long seconds = 0;
        try
        {
            seconds = Duration.between(Instant.parse(run.get("started")), Instant.parse(run.get("finished"))).toSeconds();
        }
        catch (final RuntimeException e)
        {
            /* an unreadable time: 0 */
        }
        run.put("durationSeconds", Long.toString(seconds));
        run.put("command", command);
        run.put("expectations", expectations.source());
        r.jcstressArgs = parts.stream().map(p -> p.progress().jcstressArgs).filter(a -> !a.isEmpty()).findFirst().orElse(List.of());
        if (o.modelCheck)
        {
            parts.stream().map(p -> p.progress().modelChecker).filter(m -> !m.isEmpty()).findFirst().ifPresent(r.modelChecker::putAll);
            final Object args = r.modelChecker.get("args");
            if (args instanceof List)
            {
                /* a shard's --pairs list is not the campaign's */
                final List<Object> kept = new ArrayList<>((List<?>)args);
                final int at = kept.indexOf("--pairs");
                if (at >= 0)
                {
                    kept.subList(at, Math.min(at + 2, kept.size())).clear();
                }
                r.modelChecker.put("args", kept);
            }
            if (r.modelChecker.isEmpty())
            {
                r.modelChecker.put("budget", o.modelCheckInvocations > 0 ? "custom" : o.mode.modelCheckBudget().id());
                r.modelChecker.put("invocationsPerPair", Shard.mcBudget(o));
                r.modelChecker.put("repeat", o.firstFailureRuns);
                r.modelChecker.put("args", List.of());
                r.modelChecker.put("report", "model-check/model-check.json");
            }
        }
        final Set<Integer> present = parts.stream().map(p -> p.progress().shardIndex).collect(Collectors.toCollection(TreeSet::new));
        final List<String> missing = new ArrayList<>();
        for (int i = 0; i < first.shardCount; i++)
        {
            if (!present.contains(i))
            {
                missing.add(i + "/" + first.shardCount);
            }
        }
        r.exitCode = Campaign.judge(r, expectations);
        if (!missing.isEmpty())
        {
            r.problems.add(0, "no result from shard(s) " + String.join(", ", missing) + ": their units are not run");
            r.exitCode = Math.max(r.exitCode, Campaign.EXIT_UNEXPECTED);
        }
        final long stopped = parts.stream().filter(p -> Progress.STOPPED.equals(p.progress().state)).count();
        final boolean notRun = r.verdicts.stream().anyMatch(v -> v.verdict == Verdict.NOT_RUN
            || v.modelChecker != null && v.modelChecker.verdict() == Verdict.NOT_RUN);
        if (stopped > 0 && notRun)
        {
            r.problems.add(0, stopped + " part(s) were stopped before they finished: `./iopt-stress campaign --resume DIR` on"
                + " them runs the rest");
        }
        Files.createDirectories(out);
        new ReportWriter(r, o).write(out);
        return r;
    }

    /** The options a part was run with, as the report needs them. */
    static Campaign.Options options(final Progress p)
    {
        final Campaign.Options o = new Campaign.Options();
        o.designs = p.designs;
        o.scenarios = p.scenarios;
        o.mode = Mode.of(p.mode);
        o.modelCheck = p.modelCheck;
        o.modelCheckInvocations = p.mcInvocations;
        o.firstFailureRuns = p.firstFailureRuns;
        o.extraJcstressArgs = new ArrayList<>(p.extraJcstressArgs);
        o.shardIndex = p.shardIndex;
        o.shardCount = p.shardCount;
        return o;
    }

    private static Campaign.Options options(final Campaign.Result r)
    {
        final Campaign.Options o = new Campaign.Options();
        final List<String> designs = new ArrayList<>();
        final List<String> scenarios = new ArrayList<>();
        for (final TestVerdict v : r.verdicts)
        {
            if (!designs.contains(v.design))
            {
                designs.add(v.design);
            }
            if (!scenarios.contains(v.scenario))
            {
                scenarios.add(v.scenario);
            }
        }
        o.designs = designs;
        o.scenarios = scenarios;
        return o;
    }

    /** A part's finished units into {@code r}, from its raw results, exactly as {@link Campaign#run} reads them. */
    private static void read(final Part part, final Path out, final Campaign.Result r) throws IOException
    {
        final Path dir = part.dir();
        final String prefix = rel(out, dir);
        final Map<String, TestResult> results = jcstressResults(dir.resolve("jcstress"));
        final Map<String, List<FirstFailure.Record>> firstFailures = FirstFailure.Record.readAll(dir.resolve("jcstress").resolve(Campaign.FIRST_FAILURES));
        final Path repeat = dir.resolve("jcstress-repeat");
        final Map<String, List<FirstFailure.Record>> repeatFailures = FirstFailure.Record.readAll(repeat.resolve(Campaign.FIRST_FAILURES));
        final Map<String, Integer> repeatForks = new HashMap<>();
        for (final Path f : resultFiles(repeat))
        {
            ResultReader.forkCounts(f).forEach((k, n) -> repeatForks.merge(k, n, Integer::sum));
        }
        final Map<String, ModelCheckVerdict> mcs = modelCheckerResults(dir.resolve("model-check"), out);
        for (final Progress.Entry e : part.progress().units)
        {
            if (e.verdict() == Verdict.NOT_RUN)
            {
                continue;
            }
            final Unit u = e.unit();
            final int at = indexOf(r, u.design(), u.scenario());
            if (at < 0)
            {
                continue;
            }
            final TestVerdict old = r.verdicts.get(at);
            if (!u.jcstress())
            {
                final ModelCheckVerdict mc = mcs.get(u.scenario() + "/" + u.design());
                old.modelChecker = mc != null ? mc : new ModelCheckVerdict(u.design(), u.scenario(), Verdict.ERROR, null,
                    e.reason() == null || e.reason().isEmpty() ? "no model-check result in " + dir : e.reason(), 0, 0, false, 0, -1, -1, 0, null, null);
                continue;
            }
            final TestVerdict v = new TestVerdict(old.design, old.scenario, old.engine, old.testName, old.negativeControl);
            v.modelChecker = old.modelChecker;
            if (e.verdict() == Verdict.SKIPPED)
            {
                v.verdict = Verdict.SKIPPED;
                v.reason = e.reason();
            }
            else
            {
                final TestResult tr = results.get(v.testName);
                if (tr == null)
                {
                    v.verdict = Verdict.ERROR;
                    v.reason = e.reason() == null || e.reason().isEmpty() ? "no result for " + v.testName + " in " + dir : e.reason();
                }
                else
                {
                    ResultReader.grade(v, tr);
                    v.jcstressPage = prefix + "jcstress/results/" + v.testName + ".html";
                    v.forks = 1 + repeatForks.getOrDefault(v.testName, 0);
                    v.firstFailures.addAll(firstFailures.getOrDefault(v.testName, List.of()));
                    v.firstFailures.addAll(repeatFailures.getOrDefault(v.testName, List.of()));
                }
            }
            r.verdicts.set(at, v);
        }
    }

    private static int indexOf(final Campaign.Result r, final String design, final String scenario)
    {
        for (int i = 0; i < r.verdicts.size(); i++)
        {
            if (r.verdicts.get(i).design.equals(design) && r.verdicts.get(i).scenario.equals(scenario))
            {
                return i;
            }
        }
        return -1;
    }

    private static String rel(final Path out, final Path dir)
    {
        final String s = out.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        return s.isEmpty() ? "" : s + "/";
    }

    private static List<Path> resultFiles(final Path work) throws IOException
    {
        if (!Files.isDirectory(work))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(work))
        {
            return files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz")).sorted().collect(Collectors.toList());
        }
    }

    private static Map<String, TestResult> jcstressResults(final Path work) throws IOException
    {
        final Map<String, TestResult> all = new HashMap<>();
        for (final Path f : resultFiles(work))
        {
            all.putAll(ResultReader.loadPartial(f));
        }
        return all;
    }

    /** model-check.json, or the jobs' files of a model checker that was stopped. */
    private static Map<String, ModelCheckVerdict> modelCheckerResults(final Path dir, final Path out) throws IOException
    {
        final Map<String, ModelCheckVerdict> all = new LinkedHashMap<>();
        if (!Files.isDirectory(dir))
        {
            return all;
        }
        final List<Path> files = new ArrayList<>();
        if (Files.exists(dir.resolve("model-check.json")))
        {
            files.add(dir.resolve("model-check.json"));
        }
        else
        {
            try (Stream<Path> list = Files.list(dir))
            {
                list.filter(f -> f.getFileName().toString().matches("model-check\\.shard-\\d+\\.json")).sorted().forEach(files::add);
            }
        }
        for (final Path f : files)
        {
            for (final ModelCheckVerdict mc : ModelCheckVerdict.load(f, dir, out))
            {
                all.put(mc.scenario() + "/" + mc.design(), mc);
            }
        }
        return all;
    }

    /** Copies a result directory, without jcstress's java.home shims (symbolic links into the JDK). */
    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                final Path rel = from.relativize(p);
                if (rel.toString().equals("jvm") || rel.toString().endsWith("/jvm") || Arrays.stream(rel.toString().split("/")).anyMatch("jvm"::equals))
                {
                    continue;
                }
                final Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.createDirectories(target);
                }
                else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ resume

    /**
     * {@code --resume DIR}: runs the units no part of DIR finished (NOT_RUN, or a harness ERROR) into
     * {@code DIR/resume-K} with the options DIR recorded, then writes DIR's report from all its parts. A DIR without
     * a units.json starts the campaign there (a Kubernetes pod retried after its first attempt died resumes; its
     * first attempt starts).
     */
    static Campaign.Result resume(final Campaign.Options given, final PrintWriter log) throws Refused, IOException, InterruptedException
    {
        final Path dir = given.resume;
        if (!Progress.exists(dir))
        {
            log.println("iopt-stress campaign: nothing to resume in " + dir + ": starting the campaign there");
            given.out = dir;
            given.resume = null;
            return new Campaign(given).run();
        }
        final List<Part> parts = chain(dir);
        final Progress p0 = parts.get(0).progress();
        final Campaign.Options o = options(p0);
        o.root = given.root;
        o.jar = given.jar;
        o.cpus = given.cpus;
        o.expectations = given.expectations;
        o.quiet = given.quiet;
        o.command = given.command;
        o.costs = "estimates".equals(p0.costs) ? null : Paths.get(p0.costs);
        conflict("--designs", given.designs, new Campaign.Options().designs, o.designs);
        conflict("--scenarios", given.scenarios, new Campaign.Options().scenarios, o.scenarios);
        conflict("--mode", given.mode.id(), new Campaign.Options().mode.id(), o.mode.id());
        conflict("--no-model-check", given.modelCheck, true, o.modelCheck);
        conflict("--mc-invocations", given.modelCheckInvocations, -1, o.modelCheckInvocations);
        conflict("--first-failure-runs", given.firstFailureRuns, 1, o.firstFailureRuns);
        conflict("--shard(s)", given.shardCount, 1, o.shardCount);
        if (given.shardCount > 1 && given.shardIndex != o.shardIndex)
        {
            throw new Refused("--resume " + dir + " holds shard " + p0.shardName() + ", not " + given.shardIndex + "/" + given.shardCount);
        }
        final String commit = Machine.git(o.root, "unknown", "rev-parse", "HEAD");
        if (!commit.equals(p0.commit) && !"unknown".equals(commit))
        {
            throw new Refused("--resume " + dir + " was run at commit " + p0.commit + ", this is " + commit);
        }
        final Set<String> done = new TreeSet<>();
        for (final Part p : parts)
        {
            for (final Progress.Entry e : p.progress().units)
            {
                if (e.verdict() == Verdict.NOT_RUN || e.verdict() == Verdict.ERROR)
                {
                    done.remove(e.unit().key());
                }
                else
                {
                    done.add(e.unit().key());
                }
            }
        }
        final Set<String> rest = p0.units.stream().map(e -> e.unit().key()).filter(k -> !done.contains(k))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        if (!rest.isEmpty() && !Stop.requested())
        {
            o.onlyUnits = rest;
            o.out = dir.resolve("resume-" + parts.size());
            final Shard shard = Shard.of(o);
            if (!shard.plan().fingerprint().equals(p0.plan))
            {
                throw new Refused("--resume " + dir + ": the shard plan is not the one it ran (its --costs " + p0.costs + " changed?)");
            }
            log.println("iopt-stress campaign: resuming " + dir + ": " + rest.size() + " of its " + p0.units.size()
                + " units left, into " + o.out);
            new Campaign(o).run();
        }
        else
        {
            log.println("iopt-stress campaign: " + dir + " has every unit: rewriting its report");
        }
        final Campaign.Result r = build(chain(dir), dir, expectations(o.root, o.expectations), o.command != null ? o.command
            : "iopt-stress campaign --resume " + dir);
        summary(r, o, log);
        return r;
    }

    private static void conflict(final String option, final Object given, final Object dflt, final Object recorded) throws Refused
    {
        if (!given.equals(dflt) && !given.equals(recorded))
        {
            throw new Refused("--resume: " + option + " " + given + " differs from the run being resumed (" + recorded + ")");
        }
    }

    static void summary(final Campaign.Result r, final Campaign.Options o, final PrintWriter log)
    {
        log.println();
        log.println(ReportWriter.textMatrix(r, o));
        for (final String p : r.problems)
        {
            log.println("  ! " + p);
        }
        log.println("Report: " + r.reportDir.resolve("report.md") + "  (also report.html, report.json)");
        log.println("Exit " + r.exitCode);
    }
}

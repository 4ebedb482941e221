package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The report of a campaign's parts, built as a single run builds its own: each part's verdicts read from its raw
 * results with the same readers (jcstress's result file graded by {@link ResultReader}, {@code model-check.json} by
 * {@link ModelCheckVerdict}, the forks' first failures), judged by {@link Campaign#judge} and written by
 * {@link ReportWriter}.
 */
final class MergedReport
{
    private MergedReport()
    {
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

    /** The designs and scenarios of a report, in its order (what its text matrix needs). */
    static Campaign.Options options(final Campaign.Result r)
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

    /** jcstress's result files in its work directory (one per jcstress run), by name. */
    static List<Path> resultFiles(final Path work) throws IOException
    {
        return files(work, "jcstress-results-.*\\.bin\\.gz");
    }

    /** The files of {@code dir} whose name matches {@code regex}, by name; none when there is no such directory. */
    private static List<Path> files(final Path dir, final String regex) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.getFileName().toString().matches(regex)).sorted().collect(Collectors.toList());
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

    /** model-check.json, or the jobs' files of a model checker that was stopped; by "scenario/design". */
    static Map<String, ModelCheckVerdict> modelCheckerResults(final Path dir, final Path out) throws IOException
    {
        final Map<String, ModelCheckVerdict> all = new LinkedHashMap<>();
        final Path merged = dir.resolve("model-check.json");
        for (final Path f : Files.exists(merged) ? List.of(merged) : files(dir, "model-check\\.shard-\\d+\\.json"))
        {
            for (final ModelCheckVerdict mc : ModelCheckVerdict.load(f, dir, out))
            {
                all.put(mc.scenario() + "/" + mc.design(), mc);
            }
        }
        return all;
    }
}

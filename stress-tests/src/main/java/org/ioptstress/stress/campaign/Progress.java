package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ioptstress.stress.support.Json;

/**
 * {@code units.json} (schema {@value #SCHEMA}): the record of one part of a campaign, written beside its report:
 * what it was run with (commit, mode, selection, options, shard and plan), what it was asked to run (its units)
 * and how far it got (each unit's verdict, NOT_RUN for those it never reached, and the time it took). A merge and
 * {@code --resume} read a part's verdicts from its raw results (jcstress's result file, model-check.json) and
 * this record; the report is only ever output.
 */
final class Progress
{
    static final String FILE = "units.json";
    static final String SCHEMA = "iopt-stress-units/1";
    static final String RUNNING = "running";
    static final String COMPLETE = "complete";
    static final String STOPPED = "stopped";

    /**
     * One unit of the part. {@code millis}: jcstress, the part's jcstress wall time over its tests; the model
     * checker, the first exploration's wall time; -1 when not run. {@code invocations}, {@code exhaustive} and
     * {@code budget}: the model checker's, for costs in another mode.
     */
    record Entry(Unit unit, Verdict verdict, String reason, long millis, long invocations, boolean exhaustive, long budget)
    {
    }

    String state = RUNNING;
    String commit = "unknown";
    boolean dirty;
    String mode;
    List<String> designs = List.of();
    List<String> scenarios = List.of();
    boolean modelCheck;
    int mcInvocations = -1;
    int firstFailureRuns = 1;
    List<String> extraJcstressArgs = List.of();
    int shardIndex;
    int shardCount = 1;
    String plan = "";
    String costs = "estimates";
    /** The campaign's run description (Campaign.Result.run): started, finished, machine, JDK, command. */
    Map<String, String> run = new LinkedHashMap<>();
    List<String> jcstressArgs = List.of();
    Map<String, Object> modelChecker = new LinkedHashMap<>();
    List<Entry> units = new ArrayList<>();

    /** Options that must be the same in every part of one campaign, as {@code name=value} for a one-line refusal. */
    Map<String, Object> identity()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", commit + (dirty ? " (dirty)" : ""));
        m.put("mode", mode);
        m.put("designs", String.join(",", designs));
        m.put("scenarios", String.join(",", scenarios));
        m.put("model checker", modelCheck ? "on" + (mcInvocations > 0 ? ", " + mcInvocations + " interleavings" : "") : "off");
        m.put("first-failure runs", firstFailureRuns);
        m.put("jcstress options", String.join(" ", extraJcstressArgs));
        m.put("shards", shardCount);
        m.put("shard plan", plan);
        return m;
    }

    /** The first identity option in which {@code other} differs, as "name: a vs b", or null. */
    String differs(final Progress other)
    {
        final Map<String, Object> a = identity();
        final Map<String, Object> b = other.identity();
        for (final Map.Entry<String, Object> e : a.entrySet())
        {
            if (!Objects.equals(e.getValue(), b.get(e.getKey())))
            {
                return e.getKey() + " " + e.getValue() + " vs " + b.get(e.getKey());
            }
        }
        return null;
    }

    String shardName()
    {
        return shardIndex + "/" + shardCount;
    }

    /** units.json as written and read: a record per object, field for field (CAMPAIGN.md). */
    record Document<U>(String schema, String state, String commit, boolean dirty, String mode, List<String> designs,
        List<String> scenarios, boolean modelCheck, int mcInvocations, int firstFailureRuns, List<String> extraJcstressArgs,
        ShardPart shard, Map<String, String> run, List<String> jcstressArgs, Map<String, Object> modelChecker, List<U> units)
    {
    }

    record ShardPart(int index, int count, String plan, String costs)
    {
    }

    /** A jcstress unit's row. */
    record JcstressRow(String design, String scenario, String engine, String verdict, String reason, long millis)
    {
    }

    /** A model-checker unit's row (read as the row of either engine: the last three are absent for jcstress). */
    record Row(String design, String scenario, String engine, String verdict, String reason, long millis, Long invocations,
        Boolean exhaustive, Long budget)
    {
    }

    private static final java.lang.reflect.Type READ = new com.google.gson.reflect.TypeToken<Document<Row>>()
    {
    }.getType();

    void write(final Path dir) throws IOException
    {
        final List<Object> rows = new ArrayList<>();
        for (final Entry e : units)
        {
            final Unit u = e.unit();
            rows.add(u.jcstress() ? new JcstressRow(u.design(), u.scenario(), u.engine(), e.verdict().name(), e.reason(), e.millis())
                : new Row(u.design(), u.scenario(), u.engine(), e.verdict().name(), e.reason(), e.millis(), e.invocations(),
                    e.exhaustive(), e.budget()));
        }
        Json.write(dir.resolve(FILE), new Document<>(SCHEMA, state, commit, dirty, mode, designs, scenarios, modelCheck,
            mcInvocations, firstFailureRuns, extraJcstressArgs, new ShardPart(shardIndex, shardCount, plan, costs),
            new LinkedHashMap<>(run), jcstressArgs, modelChecker.isEmpty() ? null : modelChecker, rows));
    }

    static boolean exists(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    static Progress read(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        final Document<Row> d;
        try
        {
            d = Json.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), READ);
            if (d == null)
            {
                throw new IllegalArgumentException("empty");
            }
        }
        catch (final IOException | RuntimeException e)
        {
            throw new IllegalArgumentException(dir + ": no readable " + FILE + " (" + e.getMessage() + "): not a campaign result directory");
        }
        if (!SCHEMA.equals(d.schema()))
        {
            throw new IllegalArgumentException(file + ": schema " + d.schema() + ", expected " + SCHEMA);
        }
        final Progress p = new Progress();
        p.state = d.state();
        p.commit = d.commit();
        p.dirty = d.dirty();
        p.mode = d.mode();
        p.designs = strings(d.designs());
        p.scenarios = strings(d.scenarios());
        p.modelCheck = d.modelCheck();
        p.mcInvocations = d.mcInvocations();
        p.firstFailureRuns = d.firstFailureRuns();
        p.extraJcstressArgs = strings(d.extraJcstressArgs());
        p.shardIndex = d.shard().index();
        p.shardCount = d.shard().count();
        p.plan = d.shard().plan();
        p.costs = d.shard().costs();
        if (d.run() != null)
        {
            p.run.putAll(d.run());
        }
        p.jcstressArgs = strings(d.jcstressArgs());
        if (d.modelChecker() != null)
        {
            p.modelChecker.putAll(d.modelChecker());
        }
        for (final Row r : d.units())
        {
            p.units.add(new Entry(new Unit(r.design(), r.scenario(), r.engine()), Verdict.of(r.verdict()), r.reason(), r.millis(),
                r.invocations() == null ? -1 : r.invocations(), Boolean.TRUE.equals(r.exhaustive()),
                r.budget() == null ? -1 : r.budget()));
        }
        return p;
    }

    private static List<String> strings(final List<String> list)
    {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }
}

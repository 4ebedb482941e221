package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    record Entry(Unit unit, String verdict, String reason, long millis, long invocations, boolean exhaustive, long budget)
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

    void write(final Path dir) throws IOException
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("state", state);
        root.put("commit", commit);
        root.put("dirty", dirty);
        root.put("mode", mode);
        root.put("designs", designs);
        root.put("scenarios", scenarios);
        root.put("modelCheck", modelCheck);
        root.put("mcInvocations", mcInvocations);
        root.put("firstFailureRuns", firstFailureRuns);
        root.put("extraJcstressArgs", extraJcstressArgs);
        final Map<String, Object> shard = new LinkedHashMap<>();
        shard.put("index", shardIndex);
        shard.put("count", shardCount);
        shard.put("plan", plan);
        shard.put("costs", costs);
        root.put("shard", shard);
        root.put("run", new LinkedHashMap<>(run));
        root.put("jcstressArgs", jcstressArgs);
        root.put("modelChecker", modelChecker.isEmpty() ? null : modelChecker);
        final List<Object> list = new ArrayList<>();
        for (final Entry e : units)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("design", e.unit().design());
            m.put("scenario", e.unit().scenario());
            m.put("engine", e.unit().engine());
            m.put("verdict", e.verdict());
            m.put("reason", e.reason());
            m.put("millis", e.millis());
            if (!e.unit().jcstress())
            {
                m.put("invocations", e.invocations());
                m.put("exhaustive", e.exhaustive());
                m.put("budget", e.budget());
            }
            list.add(m);
        }
        root.put("units", list);
        final Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, Json.write(root).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean exists(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    @SuppressWarnings("unchecked")
    static Progress read(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        final Map<String, Object> root;
        try
        {
            root = (Map<String, Object>)JsonReader.read(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (final IOException | RuntimeException e)
        {
            throw new IllegalArgumentException(dir + ": no readable " + FILE + " (" + e.getMessage() + "): not a campaign result directory");
        }
        if (!SCHEMA.equals(root.get("schema")))
        {
            throw new IllegalArgumentException(file + ": schema " + root.get("schema") + ", expected " + SCHEMA);
        }
        final Progress p = new Progress();
        p.state = (String)root.get("state");
        p.commit = (String)root.get("commit");
        p.dirty = Boolean.TRUE.equals(root.get("dirty"));
        p.mode = (String)root.get("mode");
        p.designs = strings(root.get("designs"));
        p.scenarios = strings(root.get("scenarios"));
        p.modelCheck = Boolean.TRUE.equals(root.get("modelCheck"));
        p.mcInvocations = (int)num(root.get("mcInvocations"));
        p.firstFailureRuns = (int)num(root.get("firstFailureRuns"));
        p.extraJcstressArgs = strings(root.get("extraJcstressArgs"));
        final Map<String, Object> shard = (Map<String, Object>)root.get("shard");
        p.shardIndex = (int)num(shard.get("index"));
        p.shardCount = (int)num(shard.get("count"));
        p.plan = (String)shard.get("plan");
        p.costs = (String)shard.get("costs");
        ((Map<String, Object>)root.get("run")).forEach((k, v) -> p.run.put(k, v == null ? null : String.valueOf(v)));
        p.jcstressArgs = strings(root.get("jcstressArgs"));
        if (root.get("modelChecker") != null)
        {
            p.modelChecker.putAll((Map<String, Object>)root.get("modelChecker"));
        }
        for (final Object o : (List<Object>)root.get("units"))
        {
            final Map<String, Object> m = (Map<String, Object>)o;
            p.units.add(new Entry(new Unit((String)m.get("design"), (String)m.get("scenario"), (String)m.get("engine")),
                (String)m.get("verdict"), (String)m.get("reason"), num(m.get("millis")), num(m.get("invocations")),
                Boolean.TRUE.equals(m.get("exhaustive")), num(m.get("budget"))));
        }
        return p;
    }

    private static List<String> strings(final Object o)
    {
        final List<String> list = new ArrayList<>();
        if (o instanceof List)
        {
            for (final Object e : (List<?>)o)
            {
                list.add(String.valueOf(e));
            }
        }
        return list;
    }

    private static long num(final Object o)
    {
        return o instanceof Number ? ((Number)o).longValue() : -1;
    }
}

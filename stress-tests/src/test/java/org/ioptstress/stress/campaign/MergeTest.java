package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge's checks, from recorded shards (no engine runs): it refuses parts of different campaigns with one
 * line, and a shard that never reported leaves its units NOT_RUN and fails the merge.
 */
class MergeTest
{
    private static final List<String> DESIGNS = List.of("v8", "upstream-notify-fix");
    private static final List<String> SCENARIOS = List.of("unmap-vs-mdev-close-vs-internal-pin", "pin-vs-detach-same-access");

    /** A recorded shard of a jcstress-only sanity campaign whose units were all skipped (nothing to read back). */
    private static Path shard(final Path root, final String name, final int index, final int count, final Consumer<Progress> change)
        throws Exception
    {
        final Path dir = root.resolve(name);
        Files.createDirectories(dir);
        final Progress p = new Progress();
        p.state = Progress.COMPLETE;
        p.commit = "0123abcd";
        p.mode = "sanity";
        p.designs = DESIGNS;
        p.scenarios = SCENARIOS;
        p.shardIndex = index;
        p.shardCount = count;
        final ShardPlan plan = ShardPlan.of(Unit.all(DESIGNS, SCENARIOS, false), count, Costs.estimates(), Mode.SANITY, 1);
        p.plan = plan.fingerprint();
        p.run.put("started", "2026-12-02T03:00:0" + index + "Z");
        p.run.put("finished", "2026-12-02T03:01:0" + index + "Z");
        for (final String k : List.of("os", "cpuModel", "jdk", "jcstress"))
        {
            p.run.put(k, "test");
        }
        for (final String k : List.of("cpus", "cpusUsed", "memoryMiB"))
        {
            p.run.put(k, "2");
        }
        p.run.put("dirty", "false");
        p.run.put("commit", p.commit);
        for (final Unit u : plan.units(index))
        {
            p.units.add(new Progress.Entry(u, Verdict.SKIPPED, "needs 3 CPUs, machine has 2", 0, -1, false, -1));
        }
        change.accept(p);
        p.write(dir);
        return dir;
    }

    @Test
    void refusesShardsOfDifferentCampaignsWithOneLine(@TempDir final Path root) throws Exception
    {
        final Path a = shard(root, "a", 0, 2, p -> { });
        final Path out = root.resolve("out");
        assertRefused(List.of(a, shard(root, "commit", 1, 2, p -> p.commit = "fedc9876")), out, "commit 0123abcd vs fedc9876");
        assertRefused(List.of(a, shard(root, "mode", 1, 2, p -> p.mode = "quick")), out, "mode sanity vs quick");
        assertRefused(List.of(a, shard(root, "designs", 1, 2, p -> p.designs = List.of("v8"))), out, "designs");
        assertRefused(List.of(a, shard(root, "scenarios", 1, 2, p -> p.scenarios = List.of("pin-vs-detach-same-access"))), out,
            "scenarios");
        assertRefused(List.of(a, shard(root, "count", 1, 3, p -> { })), out, "shards 2 vs 3");
        assertRefused(List.of(a, shard(root, "plan", 1, 2, p -> p.plan = "another")), out, "shard plan");
        assertRefused(List.of(a, shard(root, "twice", 0, 2, p -> { })), out, "shard 0/2 given twice");
        assertRefused(List.of(a, root.resolve("nothing")), out, "no such directory");
        Files.createDirectories(root.resolve("empty"));
        assertRefused(List.of(a, root.resolve("empty")), out, "not a campaign result directory");
        assertThat(out).doesNotExist();
    }

    private static void assertRefused(final List<Path> inputs, final Path out, final String reason)
    {
        assertThatThrownBy(() -> Merge.merge(inputs, out, Expectations.none(), "test")).isInstanceOf(Merge.Refused.class)
            .hasMessageContaining(reason).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aShardThatNeverReportedLeavesItsUnitsNotRunAndFailsTheMerge(@TempDir final Path root) throws Exception
    {
        final Path a = shard(root, "shard-0", 0, 2, p -> { });
        final Campaign.Result r = Merge.merge(List.of(a), root.resolve("out"), Expectations.none(), "test");

        assertThat(r.exitCode).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(r.problems.get(0)).isEqualTo("no result from shard(s) 1/2: their units are not run");
        assertThat(r.verdicts).hasSize(4);
        assertThat(r.verdicts).filteredOn(v -> v.verdict == Verdict.SKIPPED).hasSize(2);
        assertThat(r.judged).filteredOn(v -> v.verdict() == Verdict.NOT_RUN).hasSize(2)
            .allSatisfy(v -> assertThat(v.asExpected()).isFalse());
        final String md = Files.readString(root.resolve("out/report.md"));
        assertThat(md).contains("not run (!)", "jcstress not run (no shard ran it)");
        assertThat(Files.readString(root.resolve("out/report.json"))).contains("\"verdict\": \"NOT_RUN\"", "\"exitCode\": 1");
        assertThat(root.resolve("out/parts/shard-0/units.json")).exists();

        /* both shards: every unit accounted for, exit 0 */
        final Path b = shard(root, "shard-1", 1, 2, p -> { });
        final Campaign.Result all = Merge.merge(List.of(a, b), root.resolve("out2"), Expectations.none(), "test");
        assertThat(all.verdicts).allSatisfy(v -> assertThat(v.verdict).isEqualTo(Verdict.SKIPPED));
        assertThat(all.exitCode).isEqualTo(Campaign.EXIT_OK);
        assertThat(all.run.get("started")).isEqualTo("2026-12-02T03:00:00Z");
        assertThat(all.run.get("finished")).isEqualTo("2026-12-02T03:01:01Z");
    }
}

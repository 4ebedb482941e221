package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A campaign beyond one process, through the built jcstress.jar on a tiny selection (2 designs x 1 scenario, sanity
 * mode, 4 units): two shards run as separate processes and merged give the verdicts a single run gives; a single
 * run sent SIGTERM while its model checker runs keeps jcstress's verdicts in its report, marks the rest not run and
 * exits 143, and {@code --resume} completes it; a merge without one shard reports that shard's units not run.
 */
class DistributedCampaignIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Paths.get(System.getProperty("jcstress.jar", "target/jcstress.jar")).toAbsolutePath();
    private static final List<String> SELECTION = List.of("--designs", "v8,upstream-notify-fix",
        "--scenarios", "unmap-vs-internal-pin-same-area", "--mode", "sanity");

    @Test
    void shardsMergeIntoTheSingleRunsVerdictsAndAStoppedRunResumes() throws Exception
    {
        final Path dir = Paths.get(System.getProperty("it.dir", "target/it")).resolve("distributed").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        final Expectations expectations = Expectations.load(ROOT.resolve("expected-verdicts.properties"));

        /* two shards, two processes (one after the other: each uses both CPUs of a CI runner) */
        final Process s0 = campaign(dir.resolve("shard-0.log"), "--shard", "0/2", "--out", dir.resolve("shard-0").toString());
        assertThat(s0.waitFor(5, TimeUnit.MINUTES)).isTrue();
        final Process s1 = campaign(dir.resolve("shard-1.log"), "--shard", "1/2", "--out", dir.resolve("shard-1").toString());
        assertThat(s1.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(s0.exitValue()).as("shard 0 (%s)", dir.resolve("shard-0.log")).isZero();
        assertThat(s1.exitValue()).as("shard 1 (%s)", dir.resolve("shard-1.log")).isZero();
        final Campaign.Result merged = Merge.merge(List.of(dir.resolve("shard-0"), dir.resolve("shard-1")), dir.resolve("merged"),
            expectations, "test merge");

        /* a single run, stopped while the model checker runs: jcstress had finished */
        final Path single = dir.resolve("single");
        final CountDownLatch modelChecking = new CountDownLatch(1);
        final Process p = campaign(dir.resolve("single.log"), modelChecking, "--out", single.toString());
        assertThat(modelChecking.await(5, TimeUnit.MINUTES)).as("the campaign reached its model checker").isTrue();
        p.destroy(); /* SIGTERM */
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        final String stoppedJson = Files.readString(single.resolve("report.json"));
        assertThat(stoppedJson).contains("\"verdict\": \"NOT_RUN\"", "stopped by a signal before every unit ran");
        assertThat(Files.readString(single.resolve(Progress.FILE))).contains("\"state\": \"stopped\"");
        final Progress stopped = Progress.read(single);
        assertThat(stopped.units).filteredOn(e -> e.unit().jcstress()).hasSize(2)
            .allSatisfy(e -> assertThat(e.verdict()).isIn(Verdict.OK, Verdict.FAILED));
        assertThat(stopped.units).filteredOn(e -> e.verdict() == Verdict.NOT_RUN).isNotEmpty();

        /* --resume runs the rest only, and completes the report */
        final Campaign.Options o = Campaign.parse(new String[] {"--resume", single.toString()});
        o.root = ROOT;
        o.jar = JAR;
        o.quiet = true;
        final StringWriter log = new StringWriter();
        final Campaign.Result resumed = Merge.resume(o, new PrintWriter(log, true));
        final Progress rest = Progress.read(single.resolve("resume-1"));
        assertThat(rest.units).as("the resume ran only what was not finished")
            .hasSize((int)stopped.units.stream().filter(e -> e.verdict() == Verdict.NOT_RUN).count())
            .noneMatch(e -> e.unit().jcstress());
        assertThat(Files.readString(single.resolve("report.json"))).doesNotContain("NOT_RUN");

        /* the merged shards and the resumed single run: the same verdicts of both engines, the same exit code */
        assertThat(merged.verdicts).hasSize(2);
        for (final TestVerdict m : merged.verdicts)
        {
            final TestVerdict s = resumed.get(m.design, m.scenario);
            assertThat(m.verdict).as("%s / %s jcstress", m.design, m.scenario).isEqualTo(s.verdict).isIn(Verdict.OK, Verdict.FAILED);
            assertThat(m.samples).isPositive();
            assertThat(m.modelChecker.verdict()).as("%s / %s model checker", m.design, m.scenario).isEqualTo(s.modelChecker.verdict());
            assertThat(m.modelChecker.invocations()).isEqualTo(s.modelChecker.invocations());
            assertThat(m.jcstressPage).startsWith("parts/shard-");
            assertThat(dir.resolve("merged").resolve(m.jcstressPage)).exists();
        }
        assertThat(merged.exitCode).isEqualTo(resumed.exitCode);

        /* a merge without shard 1: its units are not run, and the merge fails */
        final Campaign.Result half = Merge.merge(List.of(dir.resolve("shard-0")), dir.resolve("half"), expectations, "test merge");
        assertThat(half.exitCode).isEqualTo(Campaign.EXIT_UNEXPECTED);
        assertThat(half.problems.get(0)).isEqualTo("no result from shard(s) 1/2: their units are not run");
        assertThat(half.verdicts).anyMatch(v -> v.verdict == Verdict.NOT_RUN);
    }

    private static Process campaign(final Path logFile, final String... args) throws Exception
    {
        return campaign(logFile, null, args);
    }

    /** The campaign's command line in a process; {@code modelChecking} counts down when its model checker starts. */
    private static Process campaign(final Path logFile, final CountDownLatch modelChecking, final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", JAR.toString(), Campaign.class.getName(), "--root", ROOT.toString(), "--jar", JAR.toString()));
        cmd.addAll(SELECTION);
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile), true))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    out.println(line);
                    if (modelChecking != null && line.contains("model checker: ModelCheck"))
                    {
                        modelChecking.countDown();
                    }
                }
            }
            catch (final java.io.IOException e)
            {
                /* the process is gone */
            }
        });
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    private static void deleteTree(final Path dir) throws Exception
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (var walk = Files.walk(dir))
        {
            for (final Path f : (Iterable<Path>)walk.sorted(java.util.Comparator.reverseOrder())::iterator)
            {
                Files.delete(f);
            }
        }
    }
}

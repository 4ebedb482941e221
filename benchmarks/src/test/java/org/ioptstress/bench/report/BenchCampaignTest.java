package org.ioptstress.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.ioptstress.bench.report.BenchPlan.Planned;
import org.ioptstress.bench.report.Catalog.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCampaignTest
{
    private static int benchmarks(final List<Planned> plan)
    {
        return plan.stream().mapToInt(Planned::combinations).sum();
    }

    @Test
    void defaultPlanRunsEveryFigureWithItsDesigns()
    {
        final List<Planned> plan = BenchPlan.plan(Mode.DEFAULT, null, null);
        /* every real patch and candidate fix of the registry: 8 designs, 7 with an internal access (not baseline) */
        assertThat(Catalog.all()).containsExactly("baseline", "v7", "v7-hoisted", "v8", "upstream", "upstream-notify-fix",
            "upstream-notify-lock-then-put", "upstream-tries-fix");
        /* 1: 7 x 6 + 7 floors; 2: 8 x 6 + 1; 3: 8 x 3 + 3; 4: 7 + 8 + 1; 5: 7 x 2 + 1 */
        assertThat(benchmarks(plan)).isEqualTo(49 + 49 + 27 + 16 + 15);
        assertThat(plan).extracting(Planned::benchmark).containsExactlyElementsOf(Catalog.benchmarkNames());
    }

    @Test
    void designsAreFilteredToTheFiguresTheyApplyTo()
    {
        final List<Planned> plan = BenchPlan.plan(Mode.QUICK, List.of("baseline"), null);
        /* no internal access: benchmarks 1, 4 (internal) and 5 drop out, and so do their floors */
        assertThat(plan).extracting(Planned::benchmark).containsExactly(
            "org.ioptstress.bench.CommonUnmapBench.unmapRemap", "org.ioptstress.bench.CommonUnmapBench.floor",
            "org.ioptstress.bench.NotifyUnmapBench.unmapPinned", "org.ioptstress.bench.NotifyUnmapBench.floor",
            "org.ioptstress.bench.PinUnpinBench.emulated", "org.ioptstress.bench.PinUnpinBench.floor");
        final List<Planned> fix = BenchPlan.plan(Mode.SMOKE, List.of("v8", "upstream-notify-fix"),
            Set.of("refused-unmap"));
        assertThat(fix).hasSize(2);
        assertThat(fix.get(0).designs()).containsExactly("v8", "upstream-notify-fix");
        assertThat(fix.get(0).sweep()).containsExactly("256");
    }

    @Test
    void defaultModeRunsEachForkAloneWithTheDesignsInterleaved() throws Exception
    {
        final Planned p = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v7-hoisted", "v8"), Set.of("refused-unmap"),
            List.of("0", "256")).get(0);
        assertThat(p.sweep()).containsExactly("0", "256");
        final int forks = BenchPlan.forks(p.figure());
        assertThat(forks).isEqualTo(5); /* RefusedUnmapBench's @Fork */
        final List<String> order = new java.util.ArrayList<>();
        for (final var ob : BenchPlan.jmhRuns(p, Mode.DEFAULT))
        {
            final var o = ob.build();
            assertThat(o.getForkCount().get()).isEqualTo(1);
            order.add(o.getParameter("accesses").get().iterator().next() + ":"
                + String.join(",", o.getParameter("design").get()));
        }
        /* per sweep value, fork by fork, every design once, alternating direction; 10 forks at 256 (the catalog) */
        assertThat(order).hasSize((forks + 10) * 3).startsWith(
            "0:v7", "0:v7-hoisted", "0:v8", "0:v8", "0:v7-hoisted", "0:v7", "0:v7", "0:v7-hoisted", "0:v8");
        assertThat(order.subList(3 * forks, 3 * forks + 3)).containsExactly("256:v7", "256:v7-hoisted", "256:v8");
        assertThat(order.subList(3 * forks, order.size())).allMatch(o -> o.startsWith("256:"));
        assertThat(BenchPlan.units(p, Mode.DEFAULT)).isEqualTo((forks + 10) * 3);
        /* quick and smoke: one JMH run with every parameter set */
        final List<org.openjdk.jmh.runner.options.ChainedOptionsBuilder> quick = BenchPlan.jmhRuns(p, Mode.QUICK);
        assertThat(quick).hasSize(1);
        assertThat(quick.get(0).build().getParameter("design").get()).containsExactly("v7", "v7-hoisted", "v8");
        assertThat(BenchPlan.units(p, Mode.QUICK)).isEqualTo(p.combinations());
    }

    @Test
    void theScansRunTenForksAt256AccessesAndTheOtherPointsTheClasssFive()
    {
        for (final String figure : List.of("refused-unmap", "common-unmap", "notify-unmap"))
        {
            final Planned p = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v8"), Set.of(figure)).get(0);
            assertThat(BenchPlan.forks(p, "256")).as(figure).isEqualTo(10);
            assertThat(BenchPlan.forks(p, "0")).as(figure).isEqualTo(5);
            assertThat(BenchPlan.forks(p, null)).as(figure).isEqualTo(5);
            /* the floors and the unswept figures keep their class's forks */
            final Planned floor = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v8"), Set.of(figure)).get(1);
            assertThat(floor.run().method()).isEqualTo("floor");
            assertThat(BenchPlan.forks(floor, "256")).as(figure).isEqualTo(5);
        }
        /* pin + unpin: the internal access keeps the class's 5 forks, the emulated device runs 10 (unswept) */
        final List<Planned> pin = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v8"), Set.of("pin-unpin"));
        assertThat(pin).extracting(p -> p.run().method()).containsExactly("internal", "emulated", "floor");
        assertThat(BenchPlan.units(pin.get(0), Mode.DEFAULT)).isEqualTo(2 * 5);
        assertThat(BenchPlan.units(pin.get(1), Mode.DEFAULT)).isEqualTo(2 * 10);
        assertThat(BenchPlan.units(pin.get(2), Mode.DEFAULT)).isEqualTo(5);
        assertThat(BenchRun.commands(pin.get(1), Mode.DEFAULT)).singleElement().asString()
            .contains("-p design=v7,v8 -f 10 -prof").endsWith("-rff pin-unpin-emulated.json");
        assertThat(BenchRun.commands(pin.get(1), Mode.QUICK)).singleElement().asString().contains(" -f 1 ")
            .doesNotContain("-f 10");
        /* plain JMH command lines for the report: one per fork count */
        final Planned refused = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v8"), Set.of("refused-unmap"),
            List.of("0", "256")).get(0);
        assertThat(BenchRun.commands(refused, Mode.DEFAULT)).hasSize(2).satisfiesExactly(
            c -> assertThat(c).contains("-p accesses=0 -prof").doesNotContain("-f "),
            c -> assertThat(c).contains("-p accesses=256 -f 10 -prof").endsWith("-rff refused-unmap-unmap-10f.json"));
        assertThat(BenchRun.commands(refused, Mode.QUICK)).singleElement().asString().contains("-p accesses=0,256 -f 1 ");
        final Planned refusedFloor = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v8"), Set.of("refused-unmap")).get(1);
        assertThat(BenchRun.commands(refusedFloor, Mode.DEFAULT)).singleElement().asString()
            .contains("-p design=v7,v8 -prof").endsWith("-rff refused-unmap-floor.json");
    }

    @Test
    void theHeadlineCommandStaysAtItsWallTime()
    {
        /* ./iopt-stress bench --only refused-unmap,common-unmap,pin-unpin --sweep 0,256 --designs v7,v7-hoisted,v8,upstream:
         * 210 forks (refused 4 x (5 + 10) + 4 floors x 5, every unmap 4 x (5 + 10) + 5, pin + unpin 4 x 5 + 4 x 10 + 5)
         * of 2.2 s of iterations; session 7's 150 forks of 3.5 s took 15 min 34 s to 15 min 50 s idle, session 8's
         * 190 forks 14 min 24 s to 15 min 13 s */
        final List<Planned> plan = BenchPlan.plan(Mode.DEFAULT, List.of("v7", "v7-hoisted", "v8", "upstream"),
            Set.of("refused-unmap", "common-unmap", "pin-unpin"), List.of("0", "256"));
        assertThat(plan.stream().mapToInt(p -> BenchPlan.units(p, Mode.DEFAULT)).sum()).isEqualTo(210);
        assertThat(BenchPlan.iterationSeconds(plan.get(0).figure())).isCloseTo(2.2, org.assertj.core.api.Assertions.within(1e-9));
        final double minutes = BenchPlan.seconds(plan, Mode.DEFAULT) / 60;
        assertThat(minutes).isBetween(16.0, 18.0);
    }

    @Test
    void sweepOptionKeepsOnlyTheGivenValues()
    {
        final List<Planned> plan = BenchPlan.plan(Mode.DEFAULT, null, null, List.of("256"));
        /* the unswept figures keep everything; swept ones keep 256 (notify's floor too) */
        assertThat(plan).filteredOn(p -> !p.sweep().isEmpty()).allSatisfy(p -> assertThat(p.sweep()).containsExactly("256"));
        /* no value left: the run drops out, and with it its figure's floor */
        assertThat(BenchPlan.plan(Mode.DEFAULT, null, Set.of("contended"), List.of("7"))).isEmpty();
        assertThat(BenchCampaign.parse(new String[] {"--sweep", "0,256"}).sweep).containsExactly("0", "256");
        final var quiet = BenchCampaign.nullStream();
        assertThat(BenchCampaign.run(new String[] {"--sweep", "all"}, quiet, quiet)).isEqualTo(BenchCampaign.USAGE);
    }

    @Test
    void launcherAndCampaignArgumentsParse()
    {
        /* ./iopt-stress bench --quick, and Campaign --bench: --quick --out DIR */
        final BenchCampaign.Options quick = BenchCampaign.parse(new String[] {"--quick", "--out", "x/bench",
            "--command", "./iopt-stress bench --quick"});
        assertThat(quick.mode).isEqualTo(Mode.QUICK);
        assertThat(quick.out()).isEqualTo(java.nio.file.Path.of("x/bench"));
        assertThat(quick.command).isEqualTo("./iopt-stress bench --quick");
        final BenchCampaign.Options dflt = BenchCampaign.parse(new String[] {"--root", "/r"});
        assertThat(dflt.mode).isEqualTo(Mode.DEFAULT);
        assertThat(dflt.out()).isEqualTo(java.nio.file.Path.of("/r/benchmarks/target/bench-report"));
    }

    @Test
    void badArgumentsAreOneLineAndExitWithUsage()
    {
        for (final String[] bad : List.of(new String[] {"--designs", "v9"}, new String[] {"--mode", "fast"},
            new String[] {"--only", "nothing"}, new String[] {"--out"}, new String[] {"--compare"}, new String[] {"--sweep", "x"}, new String[] {"--bogus"}, new String[] {"stray"}))
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();

            final int rc = BenchCampaign.run(bad, BenchCampaign.nullStream(), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(rc).as(String.join(" ", bad)).isEqualTo(BenchCampaign.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", bad)).startsWith("bench: ")
                .contains("(bench --help lists the options)").doesNotContain("\tat ").hasLineCount(1);
        }
        final ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(BenchCampaign.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8),
            BenchCampaign.nullStream())).isEqualTo(BenchCampaign.OK);
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("Usage: bench").contains("--render-only", "--quick");
    }

    @Test
    void aCorruptResultsFileIsOneLineNamingItAndAUsageExit(@TempDir final Path dir) throws Exception
    {
        final Path json = dir.resolve(ReportBuilder.JSON);
        for (final String corrupt : List.of("[ { \"benchmark\": \"org.ioptstress.bench.PinUnpinBench.internal\", \"mode\": ",
            "{\"not\": \"an array\"}", "[ { \"mode\": \"avgt\" } ]"))
        {
            Files.writeString(json, corrupt);
            final ByteArrayOutputStream err = new ByteArrayOutputStream();

            final int rc = BenchCampaign.run(new String[] {"--render-only", "--out", dir.toString()}, BenchCampaign.nullStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(rc).as(corrupt).isEqualTo(BenchCampaign.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(corrupt).startsWith("bench: " + json + ": not JMH's JSON results (")
                .doesNotContain("\tat ").hasLineCount(1);
        }
    }
}

package org.ioptstress.stress.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.jcstress.Adapters;
import org.ioptstress.stress.jcstress.FirstFailure;
import org.ioptstress.stress.scenario.Scenario;
import org.ioptstress.stress.scenario.Scenarios;

/**
 * report.json (schema {@value Campaign#SCHEMA}, fields in stress-tests/CAMPAIGN.md) as records, written and read
 * with Gson field for field; the golden file (TwoEngineReportTest) pins it.
 */
record ReportJson(String schema, Run run, List<DesignRow> designs, List<ScenarioRow> scenarios, List<ResultRow> results,
    String bench, String explore, List<String> problems)
{
    record Run(String started, String finished, long durationSeconds, String mode, String command, String commit,
        boolean dirty, MachineRow machine, String jdk, JcstressRun jcstress, Map<String, Object> modelChecker,
        int firstFailureRuns, String expectations, int exitCode)
    {
    }

    record MachineRow(String os, String cpuModel, int cpus, long memoryMiB)
    {
    }

    record JcstressRun(String version, List<String> args, int cpus, String report)
    {
    }

    record DesignRow(String name, String summary, boolean negativeControl)
    {
    }

    record ScenarioRow(String id, String race, List<String> actors, boolean liveness, List<String> negativeControls,
        List<String> delayPoints, long delayNanos, List<String> coveredBy, String definedIn)
    {
    }

    record ResultRow(String design, String scenario, String engine, String test, String verdict, String reason, long samples,
        String expected, String expectedNote, boolean asExpected, boolean negativeControl, FailureRow failure,
        List<OutcomeRow> outcomes, Map<String, Long> reports, String jcstressReport, String foundBy, boolean enginesDisagree,
        ModelCheckerRow modelChecker, FirstFailureRow firstFailure)
    {
    }

    record FailureRow(String outcome, String label, long count, double frequency, String desc)
    {
    }

    record OutcomeRow(String outcome, long count, String expect, String desc)
    {
    }

    record ModelCheckerRow(String verdict, String label, String reason, long budget, long invocations, boolean exhaustive,
        long millis, String expected, boolean asExpected, String note, String trace, String rawTrace)
    {
    }

    record FirstFailureRow(JcstressFirstFailure jcstress, ModelCheckerFirstFailure modelChecker)
    {
    }

    record JcstressFirstFailure(int forks, int failedForks, Long medianMillis, List<Long> millisRuns, List<Long> trialsRuns,
        List<Long> forkStartMillisRuns)
    {
    }

    record ModelCheckerFirstFailure(int runs, long medianMillis, long invocations)
    {
    }

    static ReportJson of(final Campaign.Result r, final Campaign.Options opts)
    {
        final Map<String, String> run = r.run;
        final Run header = new Run(run.get("started"), run.get("finished"), Long.parseLong(run.get("durationSeconds")),
            run.get("mode"), run.get("command"), run.get("commit"), Boolean.parseBoolean(run.get("dirty")),
            new MachineRow(run.get("os"), run.get("cpuModel"), Integer.parseInt(run.get("cpus")), Long.parseLong(run.get("memoryMiB"))),
            run.get("jdk"), new JcstressRun(run.get("jcstress"), r.jcstressArgs, Integer.parseInt(run.get("cpusUsed")),
                "jcstress/results/index.html"),
            r.modelChecker.isEmpty() ? null : new LinkedHashMap<>(r.modelChecker), opts.firstFailureRuns,
            run.get("expectations"), r.exitCode);

        final List<DesignRow> designs = new ArrayList<>();
        for (final String name : opts.designs)
        {
            final Design d = Adapters.design(name);
            designs.add(new DesignRow(d.name(), d.summary(), d.negativeControl()));
        }
        final List<ScenarioRow> scenarios = new ArrayList<>();
        for (final String id : opts.scenarios)
        {
            final Scenario s = Scenarios.byId(id);
            scenarios.add(new ScenarioRow(s.id(), s.race(), s.actorNames(), s.liveness(), new ArrayList<>(s.negativeControls()),
                Arrays.stream(s.delays()).map(Enum::name).collect(Collectors.toList()),
                s.delays().length == 0 ? 0 : s.delayNanos(), s.coveredBy(), s.getClass().getName()));
        }
        final List<ResultRow> results = new ArrayList<>();
        for (final PairVerdict v : r.judged)
        {
            results.add(result(v));
        }
        return new ReportJson(Campaign.SCHEMA, header, designs, scenarios, results, r.benchReport, r.exploreReport, r.problems);
    }

    private static ResultRow result(final PairVerdict v)
    {
        final FailureRow failure = v.failure() == null ? null : new FailureRow(v.failure().id(), v.failureLabel(),
            v.failure().count(), v.failureFrequency(), v.failure().desc());
        final List<OutcomeRow> outcomes = v.outcomes().stream()
            .map(o -> new OutcomeRow(o.id(), o.count(), o.expect(), o.desc())).collect(Collectors.toList());
        final ModelCheckVerdict mc = v.modelChecker();
        final ModelCheckerRow modelChecker = mc == null ? null : new ModelCheckerRow(mc.verdict().name(), mc.label(), mc.reason(),
            mc.budget(), mc.invocations(), mc.exhaustive(), mc.millis(), v.modelCheckerExpected(), v.modelCheckerAsExpected(),
            v.modelCheckerNote(), mc.trace(), mc.rawTrace());
        final JcstressFirstFailure jcstress = new JcstressFirstFailure(v.forks(), v.firstFailures().size(),
            v.firstFailures().isEmpty() ? null : v.jcstressFirstFailureMedianMillis(),
            v.firstFailures().stream().map(FirstFailure.Record::millis).collect(Collectors.toList()),
            v.firstFailures().stream().map(FirstFailure.Record::trials).collect(Collectors.toList()),
            v.firstFailures().stream().map(FirstFailure.Record::forkStartMillis).collect(Collectors.toList()));
        final ModelCheckerFirstFailure mcFirst = mc != null && mc.failed()
            ? new ModelCheckerFirstFailure(mc.runs(), mc.timeToFailureMillis(), mc.invocations()) : null;
        return new ResultRow(v.design(), v.scenario(), v.engine(), v.testName(), v.verdict().name(), v.reason(), v.samples(), v.expected(),
            v.expectedNote(), v.asExpected(), v.negativeControl(), failure, outcomes, new LinkedHashMap<>(v.reports()), v.jcstressPage(),
            mc == null ? null : v.foundBy(), v.enginesDisagree(), modelChecker, new FirstFailureRow(jcstress, mcFirst));
    }
}

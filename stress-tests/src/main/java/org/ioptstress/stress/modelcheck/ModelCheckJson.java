package org.ioptstress.stress.modelcheck;

import java.util.List;

/**
 * model-check.json (schema {@value ModelCheck#SCHEMA}, fields in ModelCheck's class comment) as records, written and
 * read with Gson field for field; the golden file (ModelCheckCliTest) pins it. The campaign reads its results
 * through these records too (ModelCheckVerdict).
 */
public record ModelCheckJson(String schema, Run run, List<Pair> results, List<String> problems)
{
    /** How the run was made; {@code finished} and {@code exitCode} are null while it runs. */
    public record Run(String started, String finished, long durationSeconds, String command, String budget,
        int invocationsPerPair, int repeat, int jobs, int cpus, String jdk, Integer exitCode, Engine engine)
    {
    }

    public record Engine(String name, String version, String strategy, boolean analyzeStdLib, int loopBound,
        int loopIterationsBeforeThreadSwitch, int recursionBound, boolean deterministic)
    {
    }

    /** One (design, scenario) pair's exploration; a missing number is null. */
    public record Pair(String design, String scenario, String engine, int actors, String verdict, String reason, String label,
        String outcome, boolean negativeControl, long budget, long invocations, boolean exhaustive, long millis,
        Long detectedMillis, Long firstFailureMillis, List<Long> firstFailureMillisRuns, List<Long> detectedMillisRuns,
        List<Integer> invocationsRuns, String trace, String rawTrace)
    {
        public boolean failed()
        {
            return "FAILED".equals(verdict);
        }
    }
}

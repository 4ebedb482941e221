package org.ioptstress.stress.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ioptstress.stress.modelcheck.Budget;
import org.ioptstress.stress.modelcheck.ModelCheck;

/**
 * The second engine: Lincheck's model checker ({@link ModelCheck}) in a subprocess over the same pairs; its
 * verdicts come from model-check.json ({@link ModelCheckVerdict#load}).
 */
record ModelCheckRunner(Campaign.Options opts, Console console, Shard shard, Path out, Path jar) implements EngineRunner
{
    private static final Pattern PAIR_LINE = Pattern.compile("\\[\\s*\\d+/\\d+\\]\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)");

    @Override
    public String engine()
    {
        return Unit.MODEL_CHECKER;
    }

    /** Not after a stop; the shard then marks what this run did not check. */
    @Override
    public void run(final Campaign.Result result) throws IOException, InterruptedException
    {
        if (!Stop.requested())
        {
            runModelChecker(result);
        }
        shard.afterModelChecker(result, out);
    }

    /**
     * The second engine: {@link ModelCheck} in a subprocess ({@code --jobs} = the CPUs given to jcstress) over the
     * same pairs, into {@code out/model-check}; its verdicts and traces join the jcstress verdicts.
     */
    private void runModelChecker(final Campaign.Result result) throws IOException, InterruptedException
    {
        final Path dir = out.resolve("model-check");
        final Budget budget = opts.mode.modelCheckBudget();
        final List<String> args = new ArrayList<>(List.of("--designs", String.join(",", opts.designs),
            "--scenarios", String.join(",", opts.scenarios), "--repeat", Integer.toString(opts.firstFailureRuns),
            "--jobs", Integer.toString(Math.max(1, opts.cpus)), "--out", dir.toAbsolutePath().toString()));
        args.addAll(opts.modelCheckInvocations > 0 ? List.of("--invocations", Integer.toString(opts.modelCheckInvocations))
            : List.of("--budget", budget.id()));
        args.addAll(shard.modelCheckerArgs());
        if (opts.mode == Mode.QUICK)
        {
            args.addAll(List.of("--leave-to-jcstress", Integer.toString(opts.cpus))); /* EnginePlan.QUICK_RULE */
            args.addAll(List.of("--quick-controls", Campaign.expectationsFile(opts).toAbsolutePath().toString())); /* QUICK_CONTROLS_RULE */
        }
        result.modelChecker.put("budget", opts.modelCheckInvocations > 0 ? "custom" : budget.id());
        result.modelChecker.put("invocationsPerPair", opts.modelCheckInvocations > 0 ? opts.modelCheckInvocations : budget.invocations());
        result.modelChecker.put("repeat", opts.firstFailureRuns);
        result.modelChecker.put("args", args);
        result.modelChecker.put("report", "model-check/model-check.json");
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ModelCheck.JVM_OPTIONS);
        cmd.addAll(List.of("-cp", jar.toAbsolutePath().toString(), ModelCheck.class.getName()));
        cmd.addAll(args);
        console.info("  model checker: " + ModelCheck.class.getSimpleName() + " " + String.join(" ", args));
        Files.createDirectories(dir);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter consoleLog = new PrintWriter(Files.newBufferedWriter(dir.resolve("console.log")), true /* followable */))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                consoleLog.println(line);
                if (line.contains("] ") && !line.contains("model-check:"))
                {
                    console.info(String.format(Locale.ROOT, "  [%s] mc %s", Console.elapsed(t0), line.replaceFirst("^job \\d+: ", "")));
                    pairDone(line);
                }
            }
        }
        final int rc = p.waitFor();
        console.info("  model checker finished in " + Console.elapsed(t0) + " (exit " + rc + "; verdicts come from model-check.json, judged"
            + " against the expectations file)");
        if (!Files.exists(dir.resolve("model-check.json")))
        {
            result.problems.add("the model checker wrote no model-check.json (exit " + rc + ", see model-check/console.log)");
            for (final TestVerdict v : result.verdicts)
            {
                v.modelChecker = new ModelCheckVerdict(v.design, v.scenario, Verdict.ERROR, null, "no model-check result",
                    0, 0, false, 0, -1, -1, 0, null, null);
            }
            return;
        }
        for (final ModelCheckVerdict mc : ModelCheckVerdict.load(dir, out))
        {
            final TestVerdict v = result.get(mc.design(), mc.scenario());
            if (v != null)
            {
                v.modelChecker = mc;
            }
        }
    }

    /** The model checker's "[  n/N] scenario design VERDICT ...": one pair done. */
    private void pairDone(final String line)
    {
        final Matcher m = PAIR_LINE.matcher(line);
        if (m.find())
        {
            console.unitDone(shard.costs().cost(new Unit(m.group(2), m.group(1), Unit.MODEL_CHECKER), opts.mode,
                Shard.mcBudget(opts)), Verdict.FAILED.name().equals(m.group(3)));
        }
    }
}

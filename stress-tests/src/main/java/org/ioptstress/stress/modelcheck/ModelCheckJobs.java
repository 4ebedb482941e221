package org.ioptstress.stress.modelcheck;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ioptstress.stress.support.Json;

/**
 * {@code model-check --jobs N}: the pairs in N JVMs, one shard each ({@code --shard k/N}), their output prefixed
 * {@code job k: }, their shard files merged into one model-check.json in report order.
 */
final class ModelCheckJobs
{
    private ModelCheckJobs()
    {
    }

    /**
     * {@code --jobs N}: Lincheck explores one interleaving at a time and serialises explorations within a JVM, so
     * parallelism is N JVMs, each running the pairs of one shard ({@code --shard k/N}) into a shard file of the same
     * output directory; their results are merged into one model-check.json in report order.
     */
    static int run(final ModelCheckOptions o, final String command, final PrintStream progress)
    {
        final Instant started = Instant.now();
        final long t0 = System.nanoTime();
        final List<Process> jobs = new ArrayList<>();
        final List<Thread> pumps = new ArrayList<>();
        progress.printf("model-check: %d pairs in %d jobs -> %s%n", ModelCheck.pairs(o).size(), o.jobs, o.out.toAbsolutePath());
        try
        {
            for (int k = 0; k < o.jobs; k++)
            {
                final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
                cmd.addAll(ModelCheck.JVM_OPTIONS);
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ModelCheck.class.getName(),
                    "--designs", String.join(",", o.designs), "--scenarios", String.join(",", o.scenarios),
                    "--repeat", Integer.toString(o.repeat), "--out", o.out.toString(), "--shard", k + "/" + o.jobs));
                cmd.addAll(o.invocations > 0 ? List.of("--invocations", Integer.toString(o.invocations)) : List.of("--budget", o.budget.id()));
                if (o.pairs != null)
                {
                    cmd.addAll(List.of("--pairs", String.join(",", o.pairs)));
                }
                if (o.leaveToJcstress > 0)
                {
                    cmd.addAll(List.of("--leave-to-jcstress", Integer.toString(o.leaveToJcstress)));
                }
                if (o.quickControls != null)
                {
                    cmd.addAll(List.of("--quick-controls", o.quickControls.toString()));
                }
                final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                jobs.add(p);
                final String prefix = "job " + k + ": ";
                final Thread pump = new Thread(() -> pump(p, prefix, progress), "model-check-job-" + k);
                pump.start();
                pumps.add(pump);
            }
            int worst = 0;
            for (int k = 0; k < jobs.size(); k++)
            {
                final int rc = jobs.get(k).waitFor();
                pumps.get(k).join();
                if (rc != 0 && rc != 1)
                {
                    progress.println("model-check: job " + k + " exited " + rc);
                    worst = 3;
                }
            }
            final List<ModelCheckJson.Pair> results = new ArrayList<>();
            final List<String> problems = new ArrayList<>();
            for (int k = 0; k < o.jobs; k++)
            {
                final Path shard = o.out.resolve("model-check.shard-" + k + ".json");
                if (!Files.exists(shard))
                {
                    problems.add("job " + k + " wrote no results");
                    worst = 3;
                    continue;
                }
                final ModelCheckJson part = Json.read(shard, ModelCheckJson.class);
                results.addAll(part.results());
                problems.addAll(part.problems());
                Files.delete(shard);
            }
            final List<String> order = new ArrayList<>();
            for (final String[] pair : ModelCheck.pairs(o))
            {
                order.add(pair[0] + " " + pair[1]);
            }
            results.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.scenario() + " " + r.design())));
            final int exit = worst != 0 ? worst : problems.isEmpty() ? 0 : 1;
            ModelCheck.writeJson(o, command, started, t0, results, problems, exit);
            ModelCheck.summarize(o, results, problems, t0, progress);
            return exit;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            jobs.forEach(Process::destroy);
            return 3;
        }
    }

    private static void pump(final Process p, final String prefix, final PrintStream progress)
    {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (line.startsWith("OpenJDK 64-Bit Server VM warning: Sharing is only supported"))
                {
                    continue; /* Lincheck appends its bootstrap jar: CDS for other loaders is off, harmless */
                }
                synchronized (progress)
                {
                    progress.println(prefix + line);
                }
            }
        }
        catch (final IOException ex)
        {
            progress.println(prefix + "lost its output: " + ex.getMessage());
        }
    }
}

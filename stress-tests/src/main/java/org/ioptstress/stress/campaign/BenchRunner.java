package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code --bench}: the bench report (benchmarks.jar's BenchCampaign, a JVM of its own) into {@code <out>/bench}. */
record BenchRunner(Campaign.Options opts, Console console, Path out) implements EngineRunner
{
    @Override
    public String engine()
    {
        return "bench";
    }

    @Override
    public void run(final Campaign.Result result) throws IOException, InterruptedException
    {
        result.benchReport = runBench();
    }

    private String runBench() throws IOException, InterruptedException
    {
        final Path jar = opts.root.resolve("benchmarks/target/benchmarks.jar");
        final Path dir = out.resolve("bench");
        if (!Files.exists(jar))
        {
            return "not run: " + jar + " missing (./iopt-stress build)";
        }
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", jar.toString(), "org.ioptstress.bench.report.BenchCampaign"));
        if (opts.mode == Mode.SANITY || opts.mode == Mode.QUICK || opts.mode == Mode.POWER)
        {
            cmd.add("--quick");
        }
        cmd.addAll(List.of("--out", dir.toString()));
        console.info("  bench: " + String.join(" ", cmd));
        final int rc = new ProcessBuilder(cmd).directory(opts.root.toFile()).inheritIO().start().waitFor();
        if (rc != 0)
        {
            return "failed (exit " + rc + "), see bench/";
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(f -> f.getFileName().toString().matches("(?i).*\\.(html|md)"))
                .sorted().map(f -> out.relativize(f).toString()).findFirst().orElse("bench/");
        }
    }
}

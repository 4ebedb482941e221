package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The explorer hook: a short exploration of generated uAPI programs over the campaign's designs. */
record ExploreRunner(Campaign.Options opts, Console console, Path out, Path jar, int seconds) implements EngineRunner
{
    @Override
    public String engine()
    {
        return "explore";
    }

    @Override
    public void run(final Campaign.Result result) throws IOException, InterruptedException
    {
        result.exploreReport = runExplore();
    }

    /**
     * A short exploration of generated uAPI programs on the campaign's designs (a JVM of its own, like the bench):
     * what no scenario asks, so a new design is explored with no extra work. Its findings are reported, not judged:
     * the known ones on real designs are findings by design (v8's leak, v7's refusal).
     */
    private String runExplore() throws IOException, InterruptedException
    {
        final Path dir = out.resolve("explore");
        final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-OmitStackTraceInFastThrow", "-cp", jar.toString(), "org.ioptstress.stress.explore.ExploreCli",
            "--root", opts.root.toString(), "--designs", String.join(",", opts.designs), "--seed", "1",
            "--time", seconds + "s", "--out", dir.toString()));
        console.info("  explore: " + String.join(" ", cmd.subList(3, cmd.size())));
        final int rc = new ProcessBuilder(cmd).directory(opts.root.toFile()).inheritIO().start().waitFor();
        final String report = "explore/explore.md";
        switch (rc)
        {
            case 0: return report + " (no finding)";
            case 1: return report + " (findings: see it)";
            default: return "failed (exit " + rc + "), see " + (Files.exists(dir) ? "explore/" : "the console");
        }
    }
}

package org.ioptstress.bench.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ioptstress.bench.report.Catalog.Figure;
import org.ioptstress.bench.report.Catalog.Mode;
import org.ioptstress.design.Designs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iopt-stress bench}: runs the benchmarks of the report (see {@link Catalog}), keeps JMH's JSON, and
 * writes the report (Markdown, HTML, PNG plots) under {@code --out}. One line of progress per benchmark and
 * parameter set on stdout; JMH's own output goes to {@code jmh/*.log}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.ioptstress.bench.report.BenchCampaign \
 *     [--mode quick|default|smoke | --quick] [--out DIR] [--designs a,b] [--only figure,figure] [--root DIR]
 *     [--command TEXT] [--render-only]
 * </pre>
 *
 * Exit codes: 0 every benchmark ran and the report is written; 1 the report is written but some benchmarks
 * failed (listed in it); 2 bad arguments; 3 the report could not be written.
 */
public final class BenchCampaign
{
    static final int OK = 0;
    static final int BENCHMARKS_FAILED = 1;
    static final int USAGE = 2;
    static final int ERROR = 3;

    private BenchCampaign()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** The parsed command line (picocli). */
    @Command(name = "bench", usageHelpWidth = 120, sortOptions = false,
        description = "The JMH campaign: every figure's benchmarks on the designs they apply to, then the report.",
        footer = "Exit: 0 report written, 1 a benchmark failed, 2 usage or a corrupt results file, 3 harness error.")
    static final class Options
    {
        Mode mode = Mode.DEFAULT;
        @Option(names = "--root", paramLabel = "DIR",
            description = "repository root, for the commit (default: the one holding this jar, else .)")
        Path root;
        @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: ROOT/benchmarks/target/bench-report)")
        Path out;
        List<String> designs;
        Set<String> only;
        @Option(names = "--render-only", description = "re-render the report from OUT/jmh-results.json and OUT/run-info.properties")
        boolean renderOnly;
        @Option(names = "--compare", paramLabel = "DIR",
            description = "compare the headline ratios with another run's (DIR/jmh-results.json, or a JMH JSON file)")
        Path compare;
        List<String> sweep;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;
        @Option(names = "--command", paramLabel = "TEXT",
            description = "the command as the user typed it, for the report (e.g. ./iopt-stress bench --quick)")
        String command = "";

        @Option(names = "--mode", paramLabel = "M", completionCandidates = Modes.class, description = {
            "default: settings as annotated (5 forks of 3x400 ms warmup, 10x100 ms measurement; 10 forks at 256 accesses"
                + " and for pin + unpin through an emulated device),",
            "each fork its own JMH run, the designs of a figure interleaved fork by fork, about an hour on 2 CPUs;",
            "quick: 1 fork, 3x200 ms warmup, 5x200 ms measurement, ~5 min; smoke: in-process, one 50 ms iteration per"
                + " benchmark, checks the pipeline only"})
        void mode(final String m)
        {
            mode = Mode.parse(m);
        }

        @Option(names = "--quick", description = "the same as --mode quick")
        void quick(final boolean on)
        {
            mode = Mode.QUICK;
        }

        @Option(names = "--designs", paramLabel = "a,b", description = {"only these designs (names from"
            + " org.ioptstress.design.Designs); each figure keeps those it applies to", "(benchmark 1 needs an internal"
            + " access, so never baseline)"})
        void designs(final String csv)
        {
            designs = BenchCampaign.designs(csv);
        }

        @Option(names = "--sweep", paramLabel = "x,y",
            description = "only these values of each figure's swept parameter (e.g. --sweep 0,256 for the headline)")
        void sweep(final String csv)
        {
            sweep = BenchCampaign.sweep(csv);
        }

        @Option(names = "--only", paramLabel = "ids",
            description = "only these figures: refused-unmap, common-unmap, notify-unmap, pin-unpin, contended")
        void only(final String csv)
        {
            only = figures(csv);
        }

        Path root()
        {
            return root != null ? root : defaultRoot();
        }

        Path out()
        {
            return out != null ? out : root().resolve("benchmarks").resolve("target").resolve("bench-report");
        }
    }

    /** {@code --mode}'s completion candidates. */
    static final class Modes extends ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        Modes()
        {
            super(List.of("quick", "default", "smoke"));
        }
    }

    /** Bad input: an IllegalArgumentException of one line (an option's own message rather than picocli's wrapper). */
    static Options parse(final String[] args)
    {
        final Options o = new Options();
        try
        {
            new CommandLine(o).parseArgs(args);
        }
        catch (final CommandLine.ParameterException e)
        {
            throw new IllegalArgumentException(e.getCause() instanceof IllegalArgumentException ? e.getCause().getMessage()
                : e.getMessage(), e);
        }
        return o;
    }

    /** The repository holding the jar (ROOT/benchmarks/target/benchmarks.jar), else the working directory. */
    static Path defaultRoot()
    {
        try
        {
            final Path jar = Path.of(BenchCampaign.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path target = jar.getParent();
            if (target != null && "target".equals(String.valueOf(target.getFileName())) && target.getParent() != null
                && "benchmarks".equals(String.valueOf(target.getParent().getFileName()))
                && target.getParent().getParent() != null)
            {
                return target.getParent().getParent();
            }
        }
        catch (final java.net.URISyntaxException | RuntimeException ex)
        {
            /* fall back to the working directory */
        }
        return Path.of(".");
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Options o;
        try
        {
            o = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("bench: " + ex.getMessage() + " (bench --help lists the options)");
            return USAGE;
        }
        if (o.help)
        {
            new CommandLine(o).usage(out);
            return OK;
        }
        final Path outDir = o.out();
        try
        {
            Files.createDirectories(outDir);
            if (o.renderOnly)
            {
                return render(outDir, RunInfo.load(outDir), o.compare, out, err, OK);
            }
            final List<BenchPlan.Planned> plan = BenchPlan.plan(o.mode, o.designs, o.only, o.sweep);
            if (plan.isEmpty())
            {
                err.println("bench: nothing to run: no benchmark applies to --designs " + o.designs
                    + (o.sweep == null ? "" : " at --sweep " + String.join(",", o.sweep)));
                return USAGE;
            }
            final RunInfo info = RunInfo.capture(o.root().toAbsolutePath().normalize(), o.mode.lower(),
                String.join(" ", args));
            if (!o.command.isEmpty())
            {
                info.put("launcher", o.command);
            }
            final int failed = BenchRun.execute(plan, o.mode, outDir, info, out);
            info.finish();
            info.store(outDir);
            return render(outDir, info, o.compare, out, err, failed == 0 ? OK : BENCHMARKS_FAILED);
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("bench: " + ex);
            ex.printStackTrace(err);
            return ERROR;
        }
    }

    static List<String> designs(final String csv)
    {
        final List<String> names = new ArrayList<>();
        for (final String name : csv.split(","))
        {
            if (!name.isBlank())
            {
                Designs.byName(name.trim()); /* IllegalArgumentException listing the known names */
                names.add(name.trim());
            }
        }
        if (names.isEmpty())
        {
            throw new IllegalArgumentException("--designs is empty");
        }
        return names;
    }

    private static List<String> sweep(final String csv)
    {
        final List<String> xs = new ArrayList<>();
        for (final String x : csv.split(","))
        {
            if (!x.isBlank())
            {
                try
                {
                    xs.add(String.valueOf(Integer.parseInt(x.trim())));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("--sweep takes numbers, not '" + x.trim() + "'");
                }
            }
        }
        if (xs.isEmpty())
        {
            throw new IllegalArgumentException("--sweep is empty");
        }
        return xs;
    }

    private static Set<String> figures(final String csv)
    {
        final Set<String> ids = new LinkedHashSet<>();
        for (final String id : csv.split(","))
        {
            if (Catalog.FIGURES.stream().noneMatch(f -> f.id().equals(id.trim())))
            {
                throw new IllegalArgumentException("unknown figure '" + id + "'; known: "
                    + String.join(", ", Catalog.FIGURES.stream().map(Figure::id).toList()));
            }
            ids.add(id.trim());
        }
        return ids;
    }

    private static int render(final Path outDir, final RunInfo info, final Path compare, final PrintStream out,
        final PrintStream err, final int status) throws IOException
    {
        final Path json = outDir.resolve(ReportBuilder.JSON);
        if (!Files.exists(json))
        {
            err.println("bench: no results in " + json);
            return ERROR;
        }
        final List<JmhResults.Result> results;
        try
        {
            results = JmhResults.read(json);
        }
        catch (final JmhResults.Corrupt ex)
        {
            err.println("bench: " + ex.getMessage());
            return USAGE;
        }
        List<JmhResults.Result> other = null;
        if (compare != null)
        {
            final Path otherJson = Files.isDirectory(compare) ? compare.resolve(ReportBuilder.JSON) : compare;
            if (!Files.exists(otherJson))
            {
                err.println("bench: --compare: no results in " + otherJson);
                return USAGE;
            }
            try
            {
                other = JmhResults.read(otherJson);
            }
            catch (final JmhResults.Corrupt ex)
            {
                err.println("bench: --compare: " + ex.getMessage());
                return USAGE;
            }
        }
        final List<String> headline = ReportBuilder.write(results, info, outDir, other,
            compare == null ? null : "`" + compare + "`");
        out.println();
        headline.forEach(h -> out.println("  " + h.replace("**", "")));
        out.println();
        out.println("report: " + outDir.resolve(ReportBuilder.MARKDOWN));
        out.println("        " + outDir.resolve(ReportBuilder.HTML));
        out.println("JSON:   " + json);
        if (status == BENCHMARKS_FAILED)
        {
            err.println("bench: some benchmarks failed; see 'Failed or missing runs' in the report");
        }
        return status;
    }

    /** For tests: discards what it is given. */
    static PrintStream nullStream()
    {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}

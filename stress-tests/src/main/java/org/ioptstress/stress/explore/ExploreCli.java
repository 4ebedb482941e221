package org.ioptstress.stress.explore;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ioptstress.iommufd.Design;
import org.ioptstress.design.Designs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./iopt-stress explore}: generated uAPI programs on every design, four oracles, findings shrunk to
 * reproducers, a report. Exit 0 when no finding is left on a design that is not a negative control, 1 when one
 * is, 2 on bad usage (one line), 3 on a harness error.
 */
@Command(name = "explore", sortOptions = false, usageHelpAutoWidth = true,
    description = "Runs generated iommufd uAPI programs on every design and reports what the oracles find.")
public final class ExploreCli implements Callable<Integer>
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_HARNESS = 3;

    @Option(names = "--designs", split = ",", paramLabel = "a,b", description = "designs to explore (default: all, controls included)")
    List<String> designs;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the program generator (default 1)")
    long seed = 1;

    @Option(names = "--time", paramLabel = "T", description = "stop after this long: 30s, 5m, 1h (default 30s)")
    String time;

    @Option(names = "--programs", paramLabel = "N", description = "stop after N programs instead")
    Long programs;

    @Option(names = "--threads", paramLabel = "1", description = "1: sequential (default); 2 or 3: the last calls of each program run on their own threads")
    int threads = 1;

    @Option(names = "--engine", paramLabel = "E", description = "with --threads 2|3: threads (real threads, kernel delay points; default)"
        + " or model-checker (Lincheck schedules the actors; a finding comes with its interleaving)")
    String engine = "threads";

    @Option(names = "--interleavings", paramLabel = "N", description = "model checker: interleavings per program and design (default "
        + ModelExplorer.DEFAULT_INTERLEAVINGS + ")")
    int interleavings = ModelExplorer.DEFAULT_INTERLEAVINGS;

    @Option(names = "--out", paramLabel = "DIR", description = "report directory (default target/explore-<UTC time>)")
    Path out;

    @Option(names = "--root", paramLabel = "DIR", description = "repository root (finds stress-tests/explore-differences.properties)")
    Path root = Paths.get("").toAbsolutePath();

    @Option(names = "--differences", paramLabel = "FILE", description = "recorded differences (default <root>/stress-tests/explore-differences.properties)")
    Path differences;

    @Option(names = "--shrink-seconds", paramLabel = "S", description = "shrinking budget per finding (default 10)")
    double shrinkSeconds = 10;

    @Option(names = "--stop-at-first", paramLabel = "DESIGN[.ORACLE]", description = "stop at the first finding on this design, or whose design.oracle.key starts with this (time-to-first-finding runs)")
    String stopAtFirst;

    @Option(names = "--command", hidden = true)
    String command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private final PrintStream stdout;
    private final PrintStream stderr;

    public ExploreCli(final PrintStream stdout, final PrintStream stderr)
    {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses and runs; usage errors are one line on stderr and exit 2. */
    public static int run(final String[] args, final PrintStream stdout, final PrintStream stderr)
    {
        final CommandLine cl = new CommandLine(new ExploreCli(stdout, stderr));
        cl.setOut(new java.io.PrintWriter(stdout, true));
        cl.setErr(new java.io.PrintWriter(stderr, true));
        cl.setParameterExceptionHandler((ex, a) ->
        {
            stderr.println("iopt-stress explore: " + ex.getMessage().split("\n")[0] + " (--help for usage)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, p) ->
        {
            if (ex instanceof UsageException)
            {
                stderr.println("iopt-stress explore: " + ex.getMessage());
                return EXIT_USAGE;
            }
            stderr.println("iopt-stress explore: harness error: " + ex);
            return EXIT_HARNESS;
        });
        return cl.execute(args);
    }

    /** Bad input found after parsing: one line, exit 2. */
    static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }

    /** "30s", "5m", "1h", "500ms" -> nanoseconds. */
    static long parseDuration(final String s)
    {
        final Matcher m = Pattern.compile("([0-9]+)(ms|s|m|h)").matcher(s.trim());
        if (!m.matches())
        {
            throw new UsageException("--time wants a duration like 30s, 5m or 1h, not '" + s + "'");
        }
        final long n = Long.parseLong(m.group(1));
        final long unit = switch (m.group(2))
        {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        if (n == 0)
        {
            throw new UsageException("--time must be more than 0");
        }
        return n * unit;
    }

    @Override
    public Integer call() throws Exception
    {
        if (time != null && programs != null)
        {
            throw new UsageException("--time and --programs exclude each other");
        }
        if (threads < 1 || threads > 3)
        {
            throw new UsageException("--threads must be 1 (sequential), 2 or 3, not " + threads);
        }
        if (!engine.equals("threads") && !engine.equals("model-checker"))
        {
            throw new UsageException("--engine must be threads or model-checker, not '" + engine + "'");
        }
        final boolean model = engine.equals("model-checker");
        if (model && threads == 1)
        {
            throw new UsageException("--engine model-checker needs --threads 2 or 3");
        }
        if (interleavings <= 0)
        {
            throw new UsageException("--interleavings must be positive");
        }
        if (programs != null && programs <= 0)
        {
            throw new UsageException("--programs must be positive");
        }
        if (shrinkSeconds <= 0)
        {
            throw new UsageException("--shrink-seconds must be positive");
        }
        final long nanos = programs != null ? 0 : parseDuration(time == null ? "30s" : time);
        final List<Design> selected = new ArrayList<>();
        if (designs == null || designs.isEmpty())
        {
            /* the reference first (it is in the registry, once) */
            selected.add(Explorer.reference());
            Designs.all().stream().filter(d -> !d.name().equals(Explorer.REFERENCE)).forEach(selected::add);
        }
        else
        {
            for (final String name : designs)
            {
                try
                {
                    selected.add(Explorer.design(name.trim()));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new UsageException(ex.getMessage());
                }
            }
        }
        if (stopAtFirst != null && selected.stream().noneMatch(d -> d.name().equals(stopAtFirst) || stopAtFirst.startsWith(d.name() + ".")))
        {
            throw new UsageException("--stop-at-first " + stopAtFirst + " is not among the explored designs");
        }
        final Path diffFile = differences != null ? differences : root.resolve("stress-tests/explore-differences.properties");
        final Differences recorded;
        if (Files.isRegularFile(diffFile))
        {
            recorded = Differences.load(diffFile);
        }
        else if (differences != null)
        {
            throw new UsageException("no such file: " + differences);
        }
        else
        {
            recorded = Differences.none();
        }
        final Design reference = Explorer.reference();
        final Explorer explorer = new Explorer(new Explorer.Config(selected, reference, seed,
            programs == null ? 0 : programs, nanos, recorded, (long)(shrinkSeconds * 1e9), stopAtFirst));
        final boolean tty = System.console() != null && stdout == System.out;
        final String cmd = command != null ? command : "./iopt-stress explore";
        stdout.println(">> exploring " + selected.size() + " designs (reference " + reference.name() + "), seed " + seed
            + (programs != null ? ", " + programs + " programs" : ", " + (time == null ? "30s" : time))
            + (threads == 1 ? "" : ", " + threads + " threads on " + (model ? "the model checker (" + interleavings + " interleavings per program)" : "real threads")));
        final java.util.function.Consumer<Explorer.Progress> onProgress = p ->
        {
            final String line = String.format(Locale.ROOT, "%d programs, %.0f programs/s, %d findings%s", p.programs(),
                p.perSecond(), p.findings(), p.secondsLeft() < 0 ? "" : String.format(Locale.ROOT, ", %.0f s left", p.secondsLeft()));
            if (tty)
            {
                stdout.print("\r" + line + "   ");
                stdout.flush();
            }
            else
            {
                stdout.println(line);
            }
        };
        final Explorer.Result result = threads == 1 ? explorer.explore(onProgress)
            : model ? explorer.exploreModel(threads, interleavings, onProgress) : explorer.exploreConcurrent(threads, onProgress);
        if (tty)
        {
            stdout.println();
        }
        final Map<String, Design> byName = new LinkedHashMap<>();
        byName.put(reference.name(), reference);
        for (final Design d : selected)
        {
            byName.put(d.name(), d);
        }
        final Path dir = out != null ? out : root.resolve("target/explore-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
        ExploreReport.write(dir, result, byName, reference, seed, cmd, recorded);
        stdout.println(String.format(Locale.ROOT, "%d programs in %.1f s (%.0f programs/s, %d designs each); %d distinct findings"
            + " (%d outside the negative controls); report: %s", result.programs, result.seconds,
            result.programs / Math.max(result.seconds, 1e-9), result.designs.size(), result.findings.size(),
            result.unexplainedOnCandidates(), dir.resolve("explore.md")));
        if (model)
        {
            stdout.println(String.format(Locale.ROOT, "model checker: %d interleavings; %d program-design pairs not model-checked"
                + " (actors commute, or fail sequentially); %d hangs not repeated by a second exploration", result.interleavings,
                result.skipped, result.unconfirmedHangs));
        }
        for (final Finding f : result.findings.values())
        {
            stdout.println(String.format(Locale.ROOT, "  %s%s  (program %d, %.3f s; %d calls after shrinking)", f.signature(),
                f.negativeControl ? " [control]" : "", f.programNumber, f.secondsToFind,
                f.minimized == null ? f.program.size() : f.minimized.size()));
        }
        return result.unexplainedOnCandidates() == 0 ? EXIT_OK : EXIT_FINDINGS;
    }
}

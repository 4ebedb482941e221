package org.ioptstress.stress.campaign;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.ioptstress.stress.support.Cli;
import org.ioptstress.stress.support.CliArgs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./iopt-stress merge DIR... [--out DIR]}: one campaign report from the result directories of its shards,
 * built as a single run builds its own ({@link MergedReport}). The parts ({@link Part}) are copied
 * under {@code <out>/parts/} so the report's links hold. Refuses (exit 2, one line) parts of different commits,
 * modes, selections, options or shard plans, and a shard given twice; a unit no part ran is NOT_RUN in its cell and
 * fails the merge (exit 1). Exit codes otherwise as the campaign's: 0, 1, 3.
 *
 * <p>Also {@code --resume DIR}: the same merge over a directory and its {@code resume-K} parts, after running the
 * units none of them finished.
 */
public final class Merge
{
    /** A merge that must not happen: one line, exit 2. */
    static final class Refused extends Exception
    {
        Refused(final String message)
        {
            super(message);
        }
    }

    private Merge()
    {
    }

    /** The merge's command line. */
    @Command(name = "iopt-stress merge", usageHelpWidth = 120, sortOptions = false,
        description = "One report from a campaign's shard directories.",
        footer = "Exit: 0 every verdict as expected, 1 a verdict differs or a unit no shard ran, 2 usage or shards that do not"
            + " belong together, 3 harness error.")
    static final class Args
    {
        @Parameters(paramLabel = "DIR", description = {"a shard's result directory (./iopt-stress campaign --shard I/N --out"
            + " DIR), with its resume-K parts,", "or a directory of them"})
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = {"the merged report's directory (default"
            + " target/campaign-merged-<UTC time>);", "the parts are copied under <out>/parts/"})
        Path out;

        @Option(names = "--expected", paramLabel = "FILE",
            description = "expected verdicts (default expected-verdicts.properties in the repository)")
        Path expected;

        Path root = Paths.get("").toAbsolutePath();

        @Option(names = "--command", paramLabel = "TEXT", hidden = true, description = "the command line the report names")
        String command;

        /** Seconds to wait for every shard to complete (a Kubernetes merge Job started with its shards). */
        long waitSeconds;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;

        @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "the repository (the launcher's)")
        void root(final Path dir)
        {
            root = dir.toAbsolutePath();
        }

        @Option(names = "--wait", paramLabel = "S", description = "wait up to S seconds for every shard to complete, then"
            + " merge what there is")
        void waitSeconds(final String s)
        {
            waitSeconds = CliArgs.positive(s, "--wait");
        }
    }

    static Args parse(final String[] args)
    {
        return command(new Args(), args);
    }

    private static Args command(final Args a, final String[] args)
    {
        a.command = "iopt-stress merge " + String.join(" ", args);
        Cli.parse(a, args);
        if (a.inputs.isEmpty() && !a.help)
        {
            throw new IllegalArgumentException("no result directory to merge");
        }
        return a;
    }

    public static void main(final String[] args)
    {
        final Args a = Cli.parseOrExit("iopt-stress merge", Merge::parse, args);
        final Path out = a.out != null ? a.out : a.root.resolve("target").resolve("campaign-merged-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        int code;
        try
        {
            final PrintWriter log = new PrintWriter(System.out, true);
            final List<Path> inputs = a.waitSeconds > 0 ? Part.await(a.inputs, a.waitSeconds, log) : Part.expand(a.inputs);
            final Campaign.Result r = merge(inputs, out, expectations(a.root, a.expected), a.command);
            summary(r, MergedReport.options(r), log);
            code = r.exitCode;
        }
        catch (final Refused | IllegalArgumentException e)
        {
            System.err.println("iopt-stress merge: " + e.getMessage());
            code = Campaign.EXIT_USAGE;
        }
        catch (final IOException | RuntimeException e)
        {
            System.err.println("iopt-stress merge: " + e);
            code = Campaign.EXIT_HARNESS;
        }
        catch (final InterruptedException e)
        {
            code = Campaign.EXIT_HARNESS;
        }
        System.exit(code);
    }

    static Expectations expectations(final Path root, final Path expected) throws IOException
    {
        final Path file = expected != null ? expected : root.resolve("expected-verdicts.properties");
        if (!Files.exists(file))
        {
            if (expected != null)
            {
                throw new IllegalArgumentException("no such expectations file: " + file);
            }
            return Expectations.none();
        }
        return Expectations.load(file);
    }

    /** Checks the inputs belong to one campaign, copies them under {@code out/parts}, merges them into {@code out}. */
    static Campaign.Result merge(final List<Path> inputs, final Path out, final Expectations expectations, final String command)
        throws Refused, IOException
    {
        final List<List<Part>> chains = new ArrayList<>();
        for (final Path in : inputs)
        {
            if (!Files.isDirectory(in))
            {
                throw new Refused(in + ": no such directory");
            }
            if (out.toAbsolutePath().normalize().startsWith(in.toAbsolutePath().normalize()))
            {
                throw new Refused("--out " + out + " is inside the input " + in);
            }
            chains.add(Part.chain(in));
        }
        Part.check(chains);
        /* copy, so the merged report's links to jcstress's pages and the traces hold wherever it is moved */
        final Path partsDir = out.resolve("parts");
        final List<Part> copies = new ArrayList<>();
        final Set<String> names = new TreeSet<>();
        for (int i = 0; i < inputs.size(); i++)
        {
            String name = inputs.get(i).toAbsolutePath().normalize().getFileName().toString();
            if (!names.add(name))
            {
                name = name + "-" + i;
                names.add(name);
            }
            final Path copy = partsDir.resolve(name);
            Part.copyTree(inputs.get(i), copy);
            copies.addAll(Part.chain(copy));
        }
        return MergedReport.build(copies, out, expectations, command);
    }

    /** {@code --resume DIR} ({@link Resume}). */
    static Campaign.Result resume(final Campaign.Options given, final PrintWriter log) throws Refused, IOException, InterruptedException
    {
        return Resume.resume(given, log);
    }

    static void summary(final Campaign.Result r, final Campaign.Options o, final PrintWriter log)
    {
        log.println();
        log.println(ReportWriter.textMatrix(r, o));
        for (final String p : r.problems)
        {
            log.println("  ! " + p);
        }
        log.println("Report: " + r.reportDir.resolve("report.md") + "  (also report.html, report.json)");
        log.println("Exit " + r.exitCode);
    }
}

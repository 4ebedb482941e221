package org.ioptstress.stress.modelcheck;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.ioptstress.stress.scenario.Scenario;

/**
 * Writes a failure's interleaving: {@code <scenario>__<design>.txt}, the condensed trace a kernel developer reads
 * (what failed, how to replay it, then one line per step), and {@code <scenario>__<design>.lincheck.txt.gz}, Lincheck's
 * complete output (every field access of every thread, megabytes before compression).
 */
public final class TraceFiles
{
    private TraceFiles()
    {
    }

    /** The trace file's name for a pair; the raw file adds {@code .lincheck.txt.gz} instead of {@code .txt}. */
    public static String baseName(final String scenario, final String design)
    {
        return scenario + "__" + design;
    }

    /**
     * Writes both files of a failed exploration into {@code dir}; returns the condensed trace's path. {@code replay}
     * is the command that reproduces the failure.
     */
    public static Path write(final Path dir, final Scenario scenario, final Exploration e, final String replay)
    {
        if (e.lincheck() == null)
        {
            throw new IllegalArgumentException("no Lincheck output for " + e.scenario() + " on " + e.design());
        }
        try
        {
            Files.createDirectories(dir);
            final String base = baseName(e.scenario(), e.design());
            final Path raw = dir.resolve(base + ".lincheck.txt.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(raw)))
            {
                out.write(e.lincheck().getBytes(StandardCharsets.UTF_8));
            }
            final Path txt = dir.resolve(base + ".txt");
            Files.write(txt, render(scenario, e, replay, raw.getFileName().toString()), StandardCharsets.UTF_8);
            return txt;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<String> render(final Scenario scenario, final Exploration e, final String replay, final String rawName)
    {
        final LincheckText.Table table = LincheckText.table(e.lincheck());
        final List<String> names = LincheckText.actorColumns(table, scenario.actorNames());
        final List<String> lines = new ArrayList<>();
        lines.add("iopt-stress model check (Lincheck " + ModelChecker.LINCHECK_VERSION + "): " + e.verdict() + " " + e.label());
        lines.add("");
        lines.add("scenario   " + scenario.id() + ": " + scenario.race());
        lines.add("design     " + e.design() + (e.negativeControl() ? " (a negative control of this scenario: expected to FAIL)" : ""));
        lines.add("verdict    " + e.reason());
        lines.add("lincheck   " + LincheckText.header(e.lincheck())
            + (ModelChecker.HUNG.equals(e.label()) ? "; " + LincheckText.hangReason(e.lincheck()) : ""));
        if (ModelChecker.HUNG.equals(e.label()))
        {
            lines.add("           no actor can make progress: each unfinished actor's last lines below show where it waits;");
            lines.add("           the model checker has no clock, so a REMOVE_WAIT bounded in real time waits forever here");
        }
        lines.add("found at   interleaving " + e.invocations() + " of at most " + e.budget() + ", " + seconds(e.millis())
            + " s" + (e.detectedMillis() >= 0 ? " (" + seconds(e.detectedMillis()) + " s to judge the failing trial, the rest is Lincheck replaying it for this trace)" : ""));
        final StringBuilder threads = new StringBuilder();
        for (int k = 0; k < names.size(); k++)
        {
            final String column = table.columns().get(k);
            final String name = names.get(k);
            if (threads.length() > 0)
            {
                threads.append(", ");
            }
            threads.append(name.equals("harness") ? column + " = harness (fixture and judgement run unanalysed, not shown)"
                : column + " = " + name + " (actor " + scenario.actorNames().indexOf(name) + ")");
        }
        lines.add("threads    " + threads);
        lines.add("replay     " + replay);
        lines.add("           Lincheck's exploration is deterministic: the same build explores the same interleavings in the");
        lines.add("           same order, so this command fails the same way; the complete trace is in " + rawName + ".");
        lines.add("legend     lock: + taken, - dropped, +r/-r +w/-w rwsem read/write, try = trylock failed;");
        lines.add("           UAF = this KASAN check read freed memory, WARN = this WARN_ON fired;");
        lines.add("           ~~ switch ~~ = Lincheck moved to another thread there (\"active lock detected\": the thread");
        lines.add("           spins or parks on a lock another thread holds); bodies of locks, refcounts, lockdep, KASAN");
        lines.add("           checks and the JDK are folded into the line that calls them.");
        lines.add("");
        lines.addAll(LincheckText.condense(table, scenario.actorNames()));
        lines.add("");
        lines.add(e.verdict() + " " + e.reason());
        return lines;
    }

    private static String seconds(final long millis)
    {
        return String.format("%.1f", millis / 1000.0);
    }
}

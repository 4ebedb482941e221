package org.ioptstress.stress.modelcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Condensing Lincheck's detailed trace, on a small trace laid out as Lincheck 3.7 prints it. */
class LincheckTextTest
{
    private static final List<String> ACTORS = List.of("unmap1", "unmap2");

    /** Lincheck's table: one row per event, the event in its thread's column, every column padded. */
    private static String table(final String[]... rows)
    {
        final String[] head = {"Main Thread", "Thread 1", "Thread 2"};
        final int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++)
        {
            width[c] = head[c].length();
        }
        for (final String[] row : rows)
        {
            width[Integer.parseInt(row[0])] = Math.max(width[Integer.parseInt(row[0])], row[1].length());
        }
        final List<String> lines = new ArrayList<>();
        int total = 1;
        for (final int w : width)
        {
            total += w + 3;
        }
        final String sep = "| " + "-".repeat(total - 4) + " |";
        lines.add(sep);
        lines.add(row(head, width));
        lines.add(sep);
        for (final String[] r : rows)
        {
            final String[] cells = {"", "", ""};
            cells[Integer.parseInt(r[0])] = r[1];
            lines.add(row(cells, width));
        }
        lines.add(sep);
        return String.join("\n", lines);
    }

    private static String row(final String[] cells, final int[] width)
    {
        final StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++)
        {
            sb.append(' ').append(String.format("%-" + width[c] + "s", cells[c])).append(" |");
        }
        return sb.toString();
    }

    private static final String TEXT = String.join("\n",
        "= Concurrent test failed =",
        "",
        "java.lang.AssertionError: FAIL use-after-free | unmap1=0 unmap2=-ENOENT",
        "\tat org.ioptstress.stress.modelcheck.ModelChecker.lambda$explore$1(ModelChecker.java:160)",
        "",
        "The following interleaving leads to the error:",
        table(new String[] {"0", "switch (reason: waiting for Thread 1 to finish)"}),
        "",
        "Detailed trace:",
        table(
            new String[] {"0", "switch (reason: waiting for Thread 1 to finish)"},
            new String[] {"1", "run()"},
            new String[] {"1", "  trial.run(0): 0 at ModelChecker.lambda$explore$0(ModelChecker.java:127)"},
            new String[] {"1", "    ctx.ioasUnmap(1, 16777216, 4096): 0 at UnmapVsUnmapMdevArea.T.actor(UnmapVsUnmapMdevArea.java:62)"},
            new String[] {"1", "      iovaRwsem.downWrite() at IoPagetable.unmapIovaRange(IoPagetable.java:285)"},
            new String[] {"1", "        kernel.lockdep(): Lockdep#1 at RwSemaphore.downWrite(RwSemaphore.java:50)"},
            new String[] {"1", "        rw.writeLock(): WriteLock#1 at RwSemaphore.downWrite(RwSemaphore.java:51)"},
            new String[] {"1", "      kernel.warnOn(false, \"not taken\"): false at IoPagetable.unmapIovaRange(IoPagetable.java:290)"},
            new String[] {"1", "      area.numAccesses(): 1 at IoPagetable.unmapIovaRange(IoPagetable.java:318)"},
            new String[] {"1", "        numAccesses ➜ 1 at IoptArea.numAccesses(IoptArea.java:89)"},
            new String[] {"1", "      area.kfree() at IoPagetable.abortArea(IoPagetable.java:242)"},
            new String[] {"1", "      iovaRwsem.upWrite() at IoPagetable.unmapIovaRange(IoPagetable.java:380)"},
            new String[] {"1", "        switch"},
            new String[] {"2", "run()"},
            new String[] {"2", "  trial.run(1): -2 at ModelChecker.lambda$explore$0(ModelChecker.java:127)"},
            new String[] {"2", "    area.numAccesses(): 0 at BrokenAreaAfterUnlock.unmapRangeNotify(BrokenAreaAfterUnlock.java:38)"},
            new String[] {"2", "      kasan(\"num_accesses\") at IoptArea.numAccesses(IoptArea.java:88)"},
            new String[] {"2", "        freed ➜ true at KObject.kasan(KObject.java:26)"},
            new String[] {"2", "      numAccesses ➜ 0 at IoptArea.numAccesses(IoptArea.java:89)"},
            new String[] {"2", "    Kernel#1.warnOn(true, \"accesses left\"): true at BrokenAreaAfterUnlock.unmapRangeNotify(BrokenAreaAfterUnlock.java:39)"}),
        "",
        "All unfinished threads are in deadlock");

    @Test
    void readsTheHeaderAndTheReason()
    {
        assertThat(LincheckText.header(TEXT)).isEqualTo("Concurrent test failed");
        assertThat(LincheckText.errorLine(TEXT)).startsWith("java.lang.AssertionError: FAIL use-after-free");
        assertThat(LincheckText.hangReason(TEXT)).isEqualTo("every remaining thread is blocked or spinning");
        assertThat(LincheckText.hangReason("= Concurrent test has hung =\n\n| x |\nAll unfinished threads are in deadlock\n"))
            .isEqualTo("All unfinished threads are in deadlock");
    }

    @Test
    void parsesTheDetailedTableNotTheShortOne()
    {
        final LincheckText.Table table = LincheckText.table(TEXT);

        assertThat(table.columns()).containsExactly("Main Thread", "Thread 1", "Thread 2");
        assertThat(table.steps()).hasSize(20);
        final LincheckText.Step down = table.steps().get(4);
        assertThat(down.column()).isEqualTo(1);
        assertThat(down.depth()).isEqualTo(3);
        assertThat(down.event()).isEqualTo("iovaRwsem.downWrite()");
        assertThat(down.file()).isEqualTo("IoPagetable");
        assertThat(down.line()).isEqualTo(285);
    }

    @Test
    void namesThreadsAfterTheActorsTheyRan()
    {
        assertThat(LincheckText.actorColumns(LincheckText.table(TEXT), ACTORS)).containsExactly("harness", "unmap1", "unmap2");
    }

    @Test
    void condensesToLocksPortCallsSwitchesAndReports()
    {
        final List<String> lines = LincheckText.condense(LincheckText.table(TEXT), ACTORS);
        final String all = String.join("\n", lines);

        assertThat(lines.get(0)).contains("step", "thread", "lock", "source line");
        assertThat(all)
            .contains("~~ switch (reason: waiting for unmap1 to finish) ~~")
            .containsPattern("unmap1\\s+\\+w\\s+iovaRwsem\\.downWrite\\(\\)\\s+IoPagetable\\.java:285")
            .containsPattern("unmap1\\s+-w\\s+iovaRwsem\\.upWrite\\(\\)")
            .containsPattern("unmap1\\s+~~ switch ~~")
            .containsPattern("unmap2\\s+UAF\\s+kasan\\(\"num_accesses\"\\)\\s+IoptArea\\.java:88")
            .containsPattern("unmap2\\s+WARN\\s+Kernel#1\\.warnOn\\(true")
            .contains("area.kfree()")
            /* folded: lockdep, the rwsem's body, a WARN_ON that did not fire, a getter's field read */
            .doesNotContain("lockdep", "writeLock", "not taken", "numAccesses ➜ 1");
        /* the harness only starts and joins the actors */
        assertThat(lines).noneMatch(l -> l.contains("harness") && !l.contains("~~"));
    }

    @Test
    void elidesTheMiddleOfAVeryLongTrace()
    {
        final List<LincheckText.Step> steps = new ArrayList<>();
        steps.add(new LincheckText.Step(1, 0, "run()", null, 0));
        for (int i = 0; i < LincheckText.MAX_LINES + 500; i++)
        {
            steps.add(new LincheckText.Step(1, 1, "x.set(" + i + ")", "IoptArea", i + 1));
        }
        final List<String> lines = LincheckText.condense(new LincheckText.Table(List.of("Main Thread", "Thread 1"), steps),
            List.of("unmap"));

        assertThat(lines).hasSize(LincheckText.MAX_LINES + 2);
        assertThat(lines).anyMatch(l -> l.contains("lines elided"));
        assertThat(lines.get(lines.size() - 1)).contains("x.set(" + (LincheckText.MAX_LINES + 499) + ")");
    }
}

package org.ioptstress.stress.modelcheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Lincheck's failure text and condenses its "Detailed trace" (one column per thread, every call, field access
 * and switch; megabytes for one trial) into the interleaving a kernel developer reads: one line per step, the
 * actor that ran it, the lock taken or dropped, the port function and its source line, with the internals of the
 * kernel primitives (lockdep, refcount, rwsem and spinlock bodies, KASAN checks) and of the JDK folded into the
 * call that reached them.
 */
final class LincheckText
{
    /** Events kept at most in a condensed trace; beyond it the middle is elided (the end is where it failed). */
    static final int MAX_LINES = 4_000;
    private static final int HEAD_LINES = 1_000;

    /** {@code <event> at Class.method(File.java:N)} with an optional {@code [recursive call x N times]}. */
    private static final Pattern LOCATED = Pattern.compile("^(.*?) at ([\\w$.<>]+)\\(([\\w$]+)\\.java:(\\d+)\\)( \\[.*\\])?$");
    /** A lock operation on a port lock: receiver, operation, result. */
    private static final Pattern LOCK_OP = Pattern.compile(
        "^(\\S+)\\.(lock|unlock|tryLock|downRead|downWrite|upRead|upWrite|downReadTrylock|downWriteTrylock)\\(\\)(: (\\w+))?$");
    private static final Pattern RUN_CALL = Pattern.compile("^\\S*\\.run\\((\\d+)\\)(: .*)?$");
    private static final Pattern THREAD_NAME = Pattern.compile("Thread (\\d+)");
    /** Calls whose line and subtree are bookkeeping, not the kernel's algorithm. */
    private static final Pattern NOISE = Pattern.compile(
        "^(kernel\\.lockdep\\(\\)|Lockdep#|lockdep\\.|HELD\\.|Held#|\\S*isHeldByCurrentThread\\(\\)|\\S*isWriteLockedByCurrentThread\\(\\)"
            + "|\\S*getReadHoldCount\\(\\)|\\S*getWriteHoldCount\\(\\)|\\S*kasan\\(|freed [➜=]|(\\S+\\.)?design\\(\\):|\\S*warnOn\\(false"
            + "|\\S*kernel\\.shouldFail\\(|failNth\\.|\\S*kernel\\.delay\\(|\\S*Object\\.<init>\\(|Record\\.<init>\\(|Ulong\\."
            + "|Intrinsics\\.|Thread\\.currentThread\\(\\)|\\S*assertHeld\\(\\))");
    /**
     * Packages of the port and the suite: events located in their files are shown. The kernel primitives
     * (org.ioptstress.kernel: locks, lockdep, refcount, xarray, KASAN) and the JDK are not: a call into them is
     * shown where the port makes it, their bodies are folded.
     */
    private static final String[] OWN_PACKAGES = {
        "org.ioptstress.iommufd", "org.ioptstress.design", "org.ioptstress.fixture", "org.ioptstress.stress.scenario",
        "org.ioptstress.stress.scenario.races", "org.ioptstress.stress.controls", "org.ioptstress.stress.modelcheck",
        "org.ioptstress.stress.explore"};
    /** Port files folded like the primitives: the area tree's search is the kernel's interval tree. */
    private static final java.util.Set<String> FOLDED_FILES = java.util.Set.of("AreaTree", "XArray");
    /** A call without arguments that returned a value: a getter, whose field read below it says nothing new. */
    private static final Pattern GETTER = Pattern.compile("^[\\w.#$\\[\\]]*\\w\\(\\): .+$");
    /** A KASAN check that found freed memory (its poisoned-object read). */
    private static final Pattern FREED = Pattern.compile("^freed ➜ true$");
    private static final Pattern KASAN = Pattern.compile("^\\S*kasan\\(");
    private static final Pattern WARNED = Pattern.compile("warnOn\\(true");
    private static final Map<String, Boolean> SHOWN_FILES = new HashMap<>();

    private LincheckText()
    {
    }

    /** {@code Concurrent test failed} from the {@code = Concurrent test failed =} line, or the first line. */
    static String header(final String text)
    {
        for (final String line : text.split("\n", 50))
        {
            final String t = line.trim();
            if (t.startsWith("= ") && t.endsWith(" =") && t.length() > 4)
            {
                return t.substring(2, t.length() - 2).trim();
            }
        }
        return firstNonBlank(text);
    }

    /** The line after the header (the exception Lincheck caught), for an engine error. */
    static String errorLine(final String text)
    {
        final String[] lines = text.split("\n", 50);
        boolean afterHeader = false;
        for (final String line : lines)
        {
            final String t = line.trim();
            if (t.startsWith("= ") && t.endsWith(" ="))
            {
                afterHeader = true;
                continue;
            }
            if (afterHeader && !t.isEmpty())
            {
                return t;
            }
        }
        return firstNonBlank(text);
    }

    /** Lincheck's explanation of a hang ("All unfinished threads are in deadlock"), or a generic sentence. */
    static String hangReason(final String text)
    {
        for (final String line : text.split("\n"))
        {
            final String t = line.trim();
            if (!t.startsWith("|") && (t.startsWith("All unfinished threads") || t.contains("deadlock") || t.contains("livelock")))
            {
                return t;
            }
            if (t.startsWith("Detailed trace:"))
            {
                break;
            }
        }
        return "every remaining thread is blocked or spinning";
    }

    /** One step of the interleaving. */
    record Step(int column, int depth, String event, String file, int line)
    {
    }

    /** Lincheck's detailed trace table (or its short one when there is no detailed trace): columns and steps. */
    record Table(List<String> columns, List<Step> steps)
    {
    }

    static Table table(final String text)
    {
        final String[] lines = text.split("\n");
        int start = indexOf(lines, "Detailed trace:", 0);
        if (start < 0)
        {
            start = indexOf(lines, "The following interleaving leads to the error:", 0);
        }
        if (start < 0)
        {
            return new Table(List.of(), List.of());
        }
        int i = start + 1;
        while (i < lines.length && !lines[i].startsWith("| -"))
        {
            i++;
        }
        if (i + 2 >= lines.length)
        {
            return new Table(List.of(), List.of());
        }
        final String head = lines[i + 1];
        final List<Integer> bars = new ArrayList<>();
        for (int c = 0; c < head.length(); c++)
        {
            if (head.charAt(c) == '|')
            {
                bars.add(c);
            }
        }
        final List<String> columns = new ArrayList<>();
        for (int k = 0; k + 1 < bars.size(); k++)
        {
            columns.add(head.substring(bars.get(k) + 1, bars.get(k + 1)).trim());
        }
        final List<Step> steps = new ArrayList<>();
        for (int r = i + 3; r < lines.length && !lines[r].startsWith("| -"); r++)
        {
            final String row = lines[r];
            for (int k = 0; k < columns.size(); k++)
            {
                final int from = bars.get(k) + 2;
                final int to = Math.min(bars.get(k + 1), row.length());
                if (from >= to)
                {
                    continue;
                }
                final String cell = stripEnd(row.substring(from, to));
                if (cell.isBlank())
                {
                    continue;
                }
                final int indent = cell.length() - cell.stripLeading().length();
                final String body = cell.strip();
                final Matcher m = LOCATED.matcher(body);
                if (m.matches())
                {
                    steps.add(new Step(k, indent / 2, m.group(1) + (m.group(5) == null ? "" : m.group(5)), m.group(3),
                        Integer.parseInt(m.group(4))));
                }
                else
                {
                    steps.add(new Step(k, indent / 2, body, null, 0));
                }
            }
        }
        return new Table(columns, steps);
    }

    /**
     * Thread column names as the scenario names them: Lincheck's {@code Thread k} ran actor {@code i} when it called
     * {@code trial.run(i)}; {@code Main Thread} is the harness.
     */
    static List<String> actorColumns(final Table table, final List<String> actorNames)
    {
        final List<String> names = new ArrayList<>(table.columns());
        for (int k = 0; k < names.size(); k++)
        {
            if (names.get(k).startsWith("Main"))
            {
                names.set(k, "harness");
            }
        }
        for (final Step s : table.steps())
        {
            final Matcher m = RUN_CALL.matcher(s.event());
            if (s.depth() <= 2 && m.matches() && !names.get(s.column()).equals("harness"))
            {
                final int actor = Integer.parseInt(m.group(1));
                if (actor < actorNames.size())
                {
                    names.set(s.column(), actorNames.get(actor));
                }
            }
        }
        return names;
    }

    /** The condensed interleaving, one line per kept step (see the class comment), with a column header. */
    static List<String> condense(final Table table, final List<String> actorNames)
    {
        final List<String> names = actorColumns(table, actorNames);
        final Map<String, String> threadToActor = new HashMap<>();
        for (int k = 0; k < table.columns().size(); k++)
        {
            threadToActor.put(table.columns().get(k), names.get(k));
        }
        final int width = Math.max(7, names.stream().mapToInt(String::length).max().orElse(7));
        final List<String> out = new ArrayList<>();
        final int[] hiddenBelow = new int[table.columns().size()];
        final int[] shownDepth = new int[table.columns().size()];
        java.util.Arrays.fill(hiddenBelow, Integer.MAX_VALUE);
        final java.util.Set<Integer> kasanHits = kasanHits(table.steps());
        final java.util.Set<Integer> unfolded = ancestors(table.steps(), kasanHits);
        int lastColumn = -1;
        int step = 0;
        for (int i = 0; i < table.steps().size(); i++)
        {
            final Step s = table.steps().get(i);
            final int c = s.column();
            final boolean harness = "harness".equals(names.get(c));
            final boolean isSwitch = s.event().startsWith("switch");
            if (s.depth() <= hiddenBelow[c])
            {
                hiddenBelow[c] = Integer.MAX_VALUE;
            }
            final boolean inHidden = hiddenBelow[c] != Integer.MAX_VALUE;
            final boolean kasanHit = kasanHits.contains(i);
            if (!isSwitch)
            {
                if (inHidden || harness)
                {
                    continue; /* the harness only starts and joins the actors: its switches are kept */
                }
                if (NOISE.matcher(s.event()).find() && !kasanHit)
                {
                    hiddenBelow[c] = s.depth();
                    continue;
                }
                if (s.file() != null && (!shown(s.file()) || FOLDED_FILES.contains(s.file())))
                {
                    hiddenBelow[c] = s.depth();
                    continue;
                }
            }
            String lock = "";
            final Matcher lm = LOCK_OP.matcher(s.event());
            if (lm.matches())
            {
                lock = lockTag(lm.group(2), lm.group(4));
                hiddenBelow[c] = s.depth(); /* the lock's own body is folded */
            }
            else if (kasanHit)
            {
                lock = "UAF";
                hiddenBelow[c] = s.depth();
            }
            else if (!isSwitch && WARNED.matcher(s.event()).find())
            {
                lock = "WARN";
                hiddenBelow[c] = s.depth();
            }
            else if (!isSwitch && s.file() != null && !unfolded.contains(i)
                && (folds(s.event()) || GETTER.matcher(s.event()).matches()))
            {
                hiddenBelow[c] = s.depth();
            }
            final int depth = isSwitch && inHidden ? shownDepth[c] + 1 : s.depth();
            if (!isSwitch)
            {
                shownDepth[c] = s.depth();
            }
            if (c != lastColumn && lastColumn >= 0)
            {
                out.add("");
            }
            lastColumn = c;
            step++;
            final String event = isSwitch ? "~~ " + renameThreads(s.event(), threadToActor) + " ~~" : s.event();
            final String where = s.file() == null ? "" : "   " + s.file() + ".java:" + s.line();
            out.add(String.format("%5d  %-" + width + "s  %-4s %s%s%s", step, names.get(c), lock, "  ".repeat(Math.max(0, depth - 1)),
                event, where));
        }
        final List<String> result = new ArrayList<>();
        result.add(String.format("%5s  %-" + width + "s  %-4s %s", "step", "thread", "lock", "event (indented by call depth)   source line"));
        if (out.size() > MAX_LINES)
        {
            result.addAll(out.subList(0, HEAD_LINES));
            result.add(String.format("      ... %d lines elided (the full trace is in the .lincheck.txt.gz file) ...",
                out.size() - MAX_LINES));
            result.addAll(out.subList(out.size() - (MAX_LINES - HEAD_LINES), out.size()));
        }
        else
        {
            result.addAll(out);
        }
        return result;
    }

    /** Indexes of KASAN checks that read a freed object: their line is shown, tagged UAF. */
    private static java.util.Set<Integer> kasanHits(final List<Step> steps)
    {
        final java.util.Set<Integer> hits = new java.util.HashSet<>();
        for (int i = 0; i < steps.size(); i++)
        {
            final Step s = steps.get(i);
            if (!FREED.matcher(s.event()).matches())
            {
                continue;
            }
            for (int j = i - 1; j >= 0; j--)
            {
                final Step p = steps.get(j);
                if (p.column() == s.column() && p.depth() < s.depth())
                {
                    if (KASAN.matcher(p.event()).find())
                    {
                        hits.add(j);
                    }
                    break;
                }
            }
        }
        return hits;
    }

    /** Indexes of the calls enclosing {@code inner}: not folded, so that a KASAN hit inside a getter stays visible. */
    private static java.util.Set<Integer> ancestors(final List<Step> steps, final java.util.Set<Integer> inner)
    {
        final java.util.Set<Integer> result = new java.util.HashSet<>();
        for (final int i : inner)
        {
            int depth = steps.get(i).depth();
            final int column = steps.get(i).column();
            for (int j = i - 1; j >= 0 && depth > 0; j--)
            {
                final Step p = steps.get(j);
                if (p.column() == column && p.depth() < depth)
                {
                    result.add(j);
                    depth = p.depth();
                }
            }
        }
        return result;
    }

    /** A call into a kernel primitive (refcount, xarray, WARN): its line stays, its body is folded. */
    private static boolean folds(final String event)
    {
        return event.startsWith("kernel.") || event.contains(".users.") || event.contains(".waitCnt.")
            || event.startsWith("refs.") || event.contains("Refcount");
    }

    private static String lockTag(final String op, final String result)
    {
        switch (op)
        {
            case "lock":
                return "+";
            case "downRead":
                return "+r";
            case "downWrite":
                return "+w";
            case "tryLock":
            case "downReadTrylock":
            case "downWriteTrylock":
                return "true".equals(result) ? "+" : "try";
            case "upRead":
                return "-r";
            case "upWrite":
                return "-w";
            default:
                return "-";
        }
    }

    private static String renameThreads(final String text, final Map<String, String> threadToActor)
    {
        final Matcher m = THREAD_NAME.matcher(text);
        final StringBuilder sb = new StringBuilder();
        while (m.find())
        {
            final String actor = threadToActor.get(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(actor == null ? m.group() : actor));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether steps located in {@code file} (a simple class name) are shown: port and suite code, not primitives. */
    private static synchronized boolean shown(final String file)
    {
        return SHOWN_FILES.computeIfAbsent(file, f ->
        {
            final ClassLoader loader = LincheckText.class.getClassLoader();
            for (final String pkg : OWN_PACKAGES)
            {
                if (exists(pkg + "." + f, loader))
                {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean exists(final String className, final ClassLoader loader)
    {
        return loader.getResource(className.replace('.', '/') + ".class") != null;
    }

    private static int indexOf(final String[] lines, final String prefix, final int from)
    {
        for (int i = from; i < lines.length; i++)
        {
            if (lines[i].startsWith(prefix))
            {
                return i;
            }
        }
        return -1;
    }

    private static String stripEnd(final String s)
    {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ')
        {
            end--;
        }
        return s.substring(0, end);
    }

    private static String firstNonBlank(final String text)
    {
        for (final String line : text.split("\n", 20))
        {
            if (!line.isBlank())
            {
                return line.trim();
            }
        }
        return "";
    }
}

package org.ioptstress.kernel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The dmesg of one simulated kernel: every report any detector makes, kept per kernel instance so a test,
 * a jcstress arbiter or a campaign can assert "no reports" or print what fired.
 */
public final class Reports
{
    private static final int MAX_KEPT = 256;
    private static final Report.Kind[] KINDS = Report.Kind.values();

    private final ConcurrentLinkedQueue<Report> kept = new ConcurrentLinkedQueue<>();
    private final AtomicIntegerArray counts = new AtomicIntegerArray(KINDS.length);

    public void add(final Report.Kind kind, final String message)
    {
        add(kind, message, 1);
    }

    /**
     * @param frames how many port frames name the site: 1 for the kernel function that tripped the detector,
     *               2 where that frame is a field accessor (KASAN), so the site reads "accessor <- caller".
     */
    void add(final Report.Kind kind, final String message, final int frames)
    {
        if (counts.getAndIncrement(kind.ordinal()) < MAX_KEPT)
        {
            kept.add(new Report(kind, message, site(frames), Thread.currentThread().getName()));
        }
    }

    /** A report whose site is known to the caller (an oops, from the stack of the exception that killed a task). */
    public void add(final Report.Kind kind, final String message, final String site)
    {
        if (counts.getAndIncrement(kind.ordinal()) < MAX_KEPT)
        {
            kept.add(new Report(kind, message, site, Thread.currentThread().getName()));
        }
    }

    public boolean isEmpty()
    {
        for (int i = 0; i < KINDS.length; i++)
        {
            if (counts.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    public int count(final Report.Kind kind)
    {
        return counts.get(kind.ordinal());
    }

    public int total()
    {
        int total = 0;
        for (int i = 0; i < KINDS.length; i++)
        {
            total += counts.get(i);
        }
        return total;
    }

    public List<Report> list()
    {
        return new ArrayList<>(kept);
    }

    public Map<Report.Kind, Integer> counts()
    {
        final Map<Report.Kind, Integer> map = new EnumMap<>(Report.Kind.class);
        for (final Report.Kind kind : KINDS)
        {
            final int n = counts.get(kind.ordinal());
            if (n != 0)
            {
                map.put(kind, n);
            }
        }
        return map;
    }

    /**
     * A short, stable token for outcomes: {@code "none"} or e.g. {@code "USE_AFTER_FREE+WARN"} (kinds that
     * fired, in enum order, without counts so an outcome does not split on how often a detector fired).
     */
    public String kindsToken()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Report.Kind kind : KINDS)
        {
            if (counts.get(kind.ordinal()) != 0)
            {
                if (sb.length() > 0)
                {
                    sb.append('+');
                }
                sb.append(kind.name());
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    public void clear()
    {
        kept.clear();
        for (int i = 0; i < KINDS.length; i++)
        {
            counts.set(i, 0);
        }
    }

    @Override
    public String toString()
    {
        if (isEmpty())
        {
            return "no reports";
        }
        final StringBuilder sb = new StringBuilder();
        for (final Report report : kept)
        {
            sb.append(report).append('\n');
        }
        return sb.toString();
    }

    /** The first frame outside the detectors: the kernel function that tripped them. */
    static String site(final int depth)
    {
        return Site.of(depth);
    }

    /**
     * The stack walk naming a report's site: a class of its own so that the model checker can leave it
     * uninstrumented (it reads the calling task's stack only).
     */
    private static final class Site
    {
        private static final StackWalker WALKER = StackWalker.getInstance();

        static String of(final int depth)
        {
            return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("org.ioptstress.kernel."))
                .limit(depth)
                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName() + ":" + f.getLineNumber())
                .collect(java.util.stream.Collectors.joining(" <- ")))
                .transform(s -> s.isEmpty() ? "?" : s);
        }

        private static String simpleName(final String className)
        {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }
}

package org.ioptstress.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;

/**
 * The figures of the report: what the campaign runs (JMH benchmarks, their designs and sweep) and what the
 * report tabulates (each measured path beside its floor). Both sides use these names, so a benchmark renamed in
 * the module fails the smoke check instead of vanishing from the report.
 */
public final class Catalog
{
    public static final String PACKAGE = "org.ioptstress.bench.";
    /** The design every ratio is taken against: the per-area counter as merged. */
    public static final String REFERENCE = "v8";
    /** Designs that scan the access list: their crossover against {@link #REFERENCE} is reported. */
    public static final List<String> SCANNING = List.of("v7", "v7-hoisted");

    /**
     * Which designs a benchmark runs on by default, read from the registry ({@link Designs}) when a plan is made:
     * a design added there is benchmarked with no other edit.
     */
    public enum DesignSet
    {
        /** Every real patch and candidate fix (negative controls are not measured). */
        ALL,
        /** Those with iommufd_access_create_internal() (the series): the HW queue figures exist only there. */
        WITH_INTERNAL_ACCESS,
        /** No design {@code @Param}: a floor. */
        NONE;

        public List<String> names()
        {
            switch (this)
            {
                case ALL:
                    return all();
                case WITH_INTERNAL_ACCESS:
                    return Designs.candidates().stream().filter(Design::hasInternalAccess).map(Design::name).toList();
                default:
                    return List.of();
            }
        }
    }

    /** Every design the report measures by default, in registry order. */
    public static List<String> all()
    {
        return Designs.candidates().stream().map(Design::name).toList();
    }
    private static final List<String> NONE = List.of();

    public enum Mode
    {
        /**
         * Every setting as annotated on the classes (benchmarks 1-4: 5 forks of 3 x 400 ms warmup and 10 x 100 ms
         * measurement), 10 forks at 256 accesses and for pin + unpin through an emulated device ({@link Run#forksAt}),
         * each fork its own JMH run, the designs of a
         * figure interleaved fork by fork.
         */
        DEFAULT,
        /** One fork, 3 x 200 ms warmup, 5 x 200 ms measurement: minutes, for a first look, not for quoting. */
        QUICK,
        /** In process, one 50 ms iteration of each benchmark at one sweep point: checks the pipeline, not timings. */
        SMOKE;

        public static Mode parse(final String s)
        {
            for (final Mode m : values())
            {
                if (m.name().equalsIgnoreCase(s))
                {
                    return m;
                }
            }
            throw new IllegalArgumentException("--mode must be quick, default or smoke, not '" + s + "'");
        }

        public String lower()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One JMH benchmark the campaign runs.
     *
     * @param method     method or @Group name in the figure's class
     * @param on         the designs it runs on (intersected with --designs); NONE: it has no design @Param
     * @param sweepParam the swept @Param, or null
     * @param quickSweep its values in quick mode
     * @param sweep      its values in default mode
     * @param forksAt    default mode: forks at these sweep values ({@link #UNSWEPT}: an unswept run's one point)
     *                   instead of the class's {@code @Fork}
     */
    public record Run(String method, DesignSet on, String sweepParam, List<String> quickSweep,
        List<String> sweep, Map<String, Integer> forksAt)
    {
        /** The {@link #forksAt} key of an unswept run's one point. */
        public static final String UNSWEPT = "";

        public Run(final String method, final DesignSet on, final String sweepParam, final List<String> quickSweep,
            final List<String> sweep)
        {
            this(method, on, sweepParam, quickSweep, sweep, Map.of());
        }

        /** The registry's designs it runs on now. */
        public List<String> designs()
        {
            return on.names();
        }

        public List<String> sweep(final Mode mode)
        {
            switch (mode)
            {
                case QUICK:
                    return quickSweep;
                case SMOKE:
                    return sweep.isEmpty() ? sweep : List.of(sweep.get(sweep.size() - 1));
                default:
                    return sweep;
            }
        }
    }

    /**
     * One measured path of a figure and its floor.
     *
     * @param label       its name in tables and plots
     * @param method      the benchmark (or @Group) method
     * @param metric      null for the primary score, or the @Group member's secondary metric
     * @param floorMethod the floor benchmark (or @Group) method
     * @param floorMetric null, or the floor @Group member
     */
    public record Part(String label, String method, String metric, String floorMethod, String floorMetric)
    {
    }

    /**
     * A section of the report.
     *
     * @param id         file-name stem of its plots
     * @param title      section title
     * @param benchClass simple name of the JMH class
     * @param sweepParam the x axis of its plots, or null (a bar chart per design)
     * @param runs       what the campaign runs
     * @param parts      what the report tabulates
     * @param headline   one of benchmarks 1-4: headline ratios, +-5% error target
     * @param what       what it measures and why the designs differ, one paragraph
     */
    public record Figure(String id, String title, String benchClass, String sweepParam, List<Run> runs,
        List<Part> parts, boolean headline, String what)
    {
        public String benchmark(final String method)
        {
            return PACKAGE + benchClass + "." + method;
        }
    }

    private static final List<String> ACCESSES = List.of("0", "1", "4", "16", "64", "256");
    private static final List<String> NOTIFY_ACCESSES = List.of("0", "16", "256");
    /**
     * Forks at the last access count, where every scan walks 256 accesses (27 KB of lines, L1-sized): interference
     * episodes of tens of seconds slow such a scan 1.5x over consecutive forks (session 7: the fastest of 5
     * consecutive forks of v7 spread by 27% across windows of 104 forks, of 10 by 7.8%, of 20 by 2.7%), and the
     * headline's fastest-forks ratio needs one fork outside an episode. Paid for by shorter forks (the classes'
     * annotations): the fastest-forks statistic needs forks, not iterations.
     */
    static final Map<String, Integer> SCAN_FORKS = Map.of("256", 10);
    /**
     * Forks of pin + unpin through an emulated device: the same episodes reach it. Session 8's idle pair at 5 forks:
     * every fork of run A's v7 (161-186 ns) was slower than the fastest of run B's (137 ns), so the fastest-forks
     * ratios v7/v8 and v7-hoisted/v8 moved 9-10% between the runs while every scan at 10 forks agreed within 2%. The
     * internal access's part agreed within 4.3% at 5 and keeps them (the headline command stays near 16 min).
     */
    static final Map<String, Integer> PIN_FORKS = Map.of(Run.UNSWEPT, 10);
    /* ContendedBench declares areas = 1, 64, 1024; the campaign runs the two ends to stay within its budget */
    private static final List<String> AREAS_SHORT = List.of("1", "1024");

    public static final List<Figure> FIGURES = List.of(
        new Figure("refused-unmap", "1. Refused unmap of HW queue memory (an internal pin)", "RefusedUnmapBench",
            "accesses",
            List.of(new Run("unmap", DesignSet.WITH_INTERNAL_ACCESS, "accesses", ACCESSES, ACCESSES, SCAN_FORKS),
                new Run("floor", DesignSet.WITH_INTERNAL_ACCESS, null, NONE, NONE)),
            List.of(new Part("refused unmap", "unmap", null, "floor", null)), true,
            "IOMMU_IOAS_UNMAP of an area a HW queue's internal access pins, refused with -EBUSY (state unchanged), "
                + "while N idle selftest mdevs share the IOAS. The internal access is attached after the mdevs, so it "
                + "is last in index order and both scans walk all N. v7 sets prevent_access, drops domains_rwsem and "
                + "iova_rwsem, pre-scans the access list under xa_lock in notify_unmap, then re-takes both rwsems to "
                + "clear prevent_access; v7-hoisted scans under the unmapper's locks; v8 and upstream test "
                + "`area->num_locks`. baseline has no internal access (its unmap of queue memory notifies 100 times "
                + "and WARNs), so it is not in this figure. The floor is each design's own lock sequence (v7: both "
                + "rwsems twice with xa_lock between; the others: both rwsems once)."),
        new Figure("common-unmap", "2. Unmap (and re-map) of an area nobody pinned", "CommonUnmapBench", "accesses",
            List.of(new Run("unmapRemap", DesignSet.ALL, "accesses", ACCESSES, ACCESSES, SCAN_FORKS),
                new Run("floor", DesignSet.NONE, null, NONE, NONE)),
            List.of(new Part("unmap + re-map", "unmapRemap", null, "floor", null)), true,
            "What every unmap pays: iopt_unmap_iova() of an unpinned area (completes, frees the area) and "
                + "iopt_map_user_pages() of it again, with N idle selftest mdevs attached and no internal access. "
                + "No design notifies. v7-hoisted runs its access-list scan under the unmapper's locks on every unmap "
                + "and, finding no internal access, walks the whole list. The floor is the lock sequence of one freed "
                + "area plus one map."),
        new Figure("notify-unmap", "3. Unmap of an area an emulated device pinned (the notify path)",
            "NotifyUnmapBench", "accesses",
            List.of(new Run("unmapPinned", DesignSet.ALL, "accesses", NOTIFY_ACCESSES, NOTIFY_ACCESSES, SCAN_FORKS),
                new Run("floor", DesignSet.NONE, "accesses", NOTIFY_ACCESSES, NOTIFY_ACCESSES)),
            List.of(new Part("pin, notified unmap, re-map", "unmapPinned", null, "floor", null)), true,
            "Pin one page through an emulated device, unmap it (num_accesses != 0: prevent_access, drop the "
                + "rwsems, notify_unmap calls every access's ops->unmap: N idle selftest mdevs, then the pinning "
                + "device, which unpins; the retry frees the area), and re-map it. No internal access, so nothing is "
                + "refused. v7 adds a pre-scan in notify_unmap, v7-hoisted a scan on each of the two passes; every "
                + "design walks the list once to notify. The floor holds every lock of that path, including the "
                + "xa_lock drop and the mdev lock around each callback."),
        new Figure("pin-unpin", "4. Pin + unpin of one page", "PinUnpinBench", null,
            List.of(new Run("internal", DesignSet.WITH_INTERNAL_ACCESS, null, NONE, NONE),
                new Run("emulated", DesignSet.ALL, null, NONE, NONE, PIN_FORKS),
                new Run("floor", DesignSet.NONE, null, NONE, NONE)),
            List.of(new Part("internal access", "internal", null, "floor", null),
                new Part("emulated device", "emulated", null, "floor", null)), true,
            "iommufd_access_pin_pages() + iommufd_access_unpin_pages() of one page, by an internal access (HW "
                + "queue) and by an emulated device. v8 and upstream add `num_locks++`/`num_locks--` under "
                + "pages->mutex for internal pins; nothing else differs between designs. baseline has no internal "
                + "access. The floor is ioas_lock -> iova_rwsem (read) -> pages->mutex, twice."),
        new Figure("contended", "5. Contended: an unmapper and a pinner on disjoint areas", "ContendedBench", "areas",
            List.of(new Run("unmapVsPin", DesignSet.WITH_INTERNAL_ACCESS, "areas", AREAS_SHORT, AREAS_SHORT),
                new Run("floor", DesignSet.NONE, null, NONE, NONE)),
            List.of(new Part("unmapper", "unmapVsPin", "unmap", "floor", "floorUnmap"),
                new Part("pinner", "unmapVsPin", "pin", "floor", "floorPin")), false,
            "Two threads on one IOAS (the machine has two CPUs): one unmaps and re-maps its own area (iova_rwsem "
                + "for write four times per op), the other pins and unpins a page of another area through an internal "
                + "access (iova_rwsem for read). `areas` areas stay mapped; lookups cost log(areas). The floor runs "
                + "the same two lock sequences on the same rwsems, so its figures include the same contention. The "
                + "class also sweeps areas=64 when run directly."));

    private Catalog()
    {
    }

    /** Every JMH benchmark name the module must list. */
    public static List<String> benchmarkNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Figure f : FIGURES)
        {
            for (final Run r : f.runs())
            {
                names.add(f.benchmark(r.method()));
            }
        }
        return names;
    }
}

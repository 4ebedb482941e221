package org.ioptstress.stress.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.DelayPoint;

/**
 * One race, written once and run against every design by any engine (jcstress here, a model checker later).
 *
 * <p>A scenario is a factory of {@link Trial}s. An engine drives one trial as:
 * <ol>
 * <li>{@code Trial t = scenario.newTrial(design)}: the fixture, built single-threaded (a fresh simulated kernel,
 * one /dev/iommu, an IOAS with a few mapped pages, pins already held);</li>
 * <li>{@code rc[i] = t.run(i)} for every actor {@code i < actors()}, concurrently, one thread per actor (each
 * returns an errno or an id, never throws);</li>
 * <li>{@code Outcome o = t.finish(rc)} once every actor returned, on any one thread: inspects the state after the
 * race, closes the context, and judges. {@link Outcome#ok()} is the verdict; engines add no judgement of their
 * own.</li>
 * </ol>
 * A {@linkplain #liveness() liveness} scenario adds one rule: actor 0 must return while actor 1 runs (jcstress
 * runs it in {@code Mode.Termination} with actor 1 as the {@code @Signal}; a trial that does not return is the
 * failure).
 *
 * <p>Expectations are kernel semantics, the same for every design: a design that misbehaves produces a FAIL
 * outcome. {@link #negativeControls()} names the designs the scenario is shown to fail on, so the suite's power
 * is checked, not assumed. {@link #delays()} are the kernel windows the scenario widens (as KCSAN injects
 * delays), so a rare interleaving shows within a short run.
 */
public abstract class Scenario
{
    private final String id;
    private final String hazard;
    private final String race;
    private final List<String> actorNames;
    private final List<Case> cases;
    private final Set<String> negativeControls;
    private final DelayPoint[] delays;
    private final long delayNanos;
    private final boolean liveness;
    private final List<String> coveredBy;
    private final String notOnModelChecker;
    private final String notOnJcstress;
    private final java.util.Map<String, Integer> modelCheckerAtLeast;

    /** The model checker's engine id (as in the campaign's units and reports). */
    public static final String MODEL_CHECKER = "model-checker";
    /** jcstress's engine id (as in the campaign's units and reports). */
    public static final String JCSTRESS = "jcstress";

    protected Scenario(final Spec spec)
    {
        this.id = spec.id;
        this.hazard = camel(spec.id);
        this.race = spec.race;
        this.actorNames = List.copyOf(spec.actors);
        final List<Case> all = new ArrayList<>(spec.cases);
        for (final org.ioptstress.kernel.Report.Kind kind : Case.SEVERITY)
        {
            all.add(Case.forReport(kind));
        }
        if (all.stream().noneMatch(c -> c.label().equals(Case.DEADLOCK.label())))
        {
            all.add(Case.DEADLOCK);
        }
        all.add(Case.HUNG);
        all.add(Case.INVARIANT);
        all.add(Case.UNEXPECTED);
        all.add(Case.EXCEPTION);
        this.cases = List.copyOf(all);
        this.negativeControls = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(spec.controls));
        this.delays = spec.delays.toArray(new DelayPoint[0]);
        this.delayNanos = spec.delayNanos;
        this.liveness = spec.liveness;
        this.coveredBy = List.copyOf(spec.coveredBy);
        this.notOnModelChecker = spec.notOnModelChecker;
        this.notOnJcstress = spec.notOnJcstress;
        this.modelCheckerAtLeast = java.util.Map.copyOf(spec.modelCheckerAtLeast);
        if (!id.matches("[a-z0-9-]+"))
        {
            throw new IllegalArgumentException("scenario id must be [a-z0-9-]+: " + id);
        }
        if (actorNames.size() < 2)
        {
            throw new IllegalArgumentException(id + ": a race needs two actors");
        }
        if (notOnModelChecker != null && notOnJcstress != null)
        {
            throw new IllegalArgumentException(id + ": a race no engine runs");
        }
    }

    /** Stable id, e.g. {@code unmap-vs-internal-pin-same-area}: the campaign's column and the JSON key. */
    public final String id()
    {
        return id;
    }

    /** The jcstress outer class of this race: the id in CamelCase ({@code unmap-vs-x} is {@code UnmapVsX}). */
    public final String hazard()
    {
        return hazard;
    }

    /** The race in one line. */
    public final String race()
    {
        return race;
    }

    public final int actors()
    {
        return actorNames.size();
    }

    /** Actor names (Java identifiers), in actor index order: the jcstress {@code @Actor} method names. */
    public final List<String> actorNames()
    {
        return actorNames;
    }

    /**
     * Every label {@link Trial#finish} may produce: the scenario's own (acceptable ones first), then one per kernel
     * report kind (a correct interleaving that still tripped a detector), then {@link Case#UNEXPECTED} and
     * {@link Case#EXCEPTION}.
     */
    public final List<Case> cases()
    {
        return cases;
    }

    /** Designs on which this scenario is shown to FAIL (real designs or deliberately broken ones). */
    public final Set<String> negativeControls()
    {
        return negativeControls;
    }

    /** Kernel windows widened in every trial ({@code Kernel.enableDelays}); empty for none. */
    public final DelayPoint[] delays()
    {
        return delays.clone();
    }

    public final long delayNanos()
    {
        return delayNanos;
    }

    /** Actor 0 must return while actor 1 runs (a liveness property, jcstress Mode.Termination). */
    public final boolean liveness()
    {
        return liveness;
    }

    /**
     * For a scenario of three or more actors: the two-actor scenarios that run its pairs of actors, so a machine
     * too small for it still covers its interleavings pairwise (empty otherwise).
     */
    public final List<String> coveredBy()
    {
        return coveredBy;
    }

    /**
     * Whether {@code engine} ({@code "jcstress"} or {@link #MODEL_CHECKER}) runs this race: every engine does unless
     * the scenario says why one cannot (see {@link #notRunOn(String)}).
     */
    public final boolean runsOn(final String engine)
    {
        return notRunOn(engine) == null;
    }

    /**
     * Why {@code engine} does not run this race, in one line, or null when it does. A scenario whose point is its
     * {@link #delays()} (a window widened for a sampling engine) is, to a model checker that ignores delays, another
     * scenario again; a scenario whose window a sampling harness almost never reaches (jcstress's Termination mode
     * signals the second actor only once the first runs) leaves its verdict to the model checker. The campaign
     * reports the pair as not run on that engine, with this reason, and spends nothing on it.
     */
    public final String notRunOn(final String engine)
    {
        return MODEL_CHECKER.equals(engine) ? notOnModelChecker : JCSTRESS.equals(engine) ? notOnJcstress : null;
    }

    /**
     * The fewest interleavings the model checker tries on {@code design} (quick and default budgets): a window its
     * deterministic exploration reaches only later than the budget (0: the budget's).
     */
    public final int modelCheckerAtLeast(final String design)
    {
        return modelCheckerAtLeast.getOrDefault(design, 0);
    }

    /** A fresh fixture on a fresh kernel built with {@code design}; single-threaded. */
    public abstract Trial newTrial(Design design);

    @Override
    public String toString()
    {
        return id;
    }

    /** {@code broken-no-lock-check} to {@code BrokenNoLockCheck}: class names for scenario ids and design names. */
    public static String camel(final String name)
    {
        final StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (final char c : name.toCharArray())
        {
            if (!Character.isLetterOrDigit(c))
            {
                up = true;
                continue;
            }
            sb.append(up ? Character.toUpperCase(c) : c);
            up = false;
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0)))
        {
            sb.insert(0, 'D');
        }
        return sb.toString();
    }

    /** The declarative part of a scenario. */
    public static final class Spec
    {
        final String id;
        final String race;
        final List<String> actors = new ArrayList<>();
        final List<Case> cases = new ArrayList<>();
        final List<String> controls = new ArrayList<>();
        final List<DelayPoint> delays = new ArrayList<>();
        long delayNanos = 20_000;
        boolean liveness;
        final List<String> coveredBy = new ArrayList<>();
        String notOnModelChecker;
        String notOnJcstress;
        final java.util.Map<String, Integer> modelCheckerAtLeast = new java.util.HashMap<>();

        public Spec(final String id, final String race)
        {
            this.id = id;
            this.race = race;
        }

        public Spec actors(final String... names)
        {
            actors.addAll(List.of(names));
            return this;
        }

        public Spec ok(final String label, final String desc)
        {
            cases.add(Case.ok(label, desc));
            return this;
        }

        /**
         * An outcome acceptable here with the reports it trips: a known bug that {@code desc} says which scenario
         * owns (and fails on), reached here at its natural rate; judged there, not here.
         */
        public Spec interesting(final String label, final String desc)
        {
            cases.add(Case.interesting(label, desc));
            return this;
        }

        public Spec fail(final String label, final String desc)
        {
            cases.add(Case.fail(label, desc));
            return this;
        }

        public Spec controls(final String... designs)
        {
            controls.addAll(List.of(designs));
            return this;
        }

        public Spec delays(final long nanos, final DelayPoint... points)
        {
            delayNanos = nanos;
            delays.addAll(List.of(points));
            return this;
        }

        public Spec coveredBy(final String... scenarioIds)
        {
            coveredBy.addAll(List.of(scenarioIds));
            return this;
        }

        /** The model checker does not run this race, because {@code why} (one line, shown in the report). */
        public Spec notOnModelChecker(final String why)
        {
            if (why == null || why.isBlank() || why.contains("\n"))
            {
                throw new IllegalArgumentException(id + ": the reason the model checker does not run it must be one line");
            }
            notOnModelChecker = why;
            return this;
        }

        /**
         * jcstress does not run this race (its test is generated but never selected, and never judged), because
         * {@code why} (one line, shown in the report): the model checker's verdict is the pair's.
         */
        public Spec notOnJcstress(final String why)
        {
            if (why == null || why.isBlank() || why.contains("\n"))
            {
                throw new IllegalArgumentException(id + ": the reason jcstress does not run it must be one line");
            }
            notOnJcstress = why;
            return this;
        }

        /**
         * The model checker tries at least {@code invocations} interleavings on {@code designs}: its exploration is
         * deterministic, so a window it reaches at interleaving n is reached in every run with a budget of n.
         */
        public Spec modelCheckerAtLeast(final int invocations, final String... designs)
        {
            for (final String d : designs)
            {
                modelCheckerAtLeast.put(d, invocations);
            }
            return this;
        }

        public Spec liveness()
        {
            liveness = true;
            return this;
        }
    }
}

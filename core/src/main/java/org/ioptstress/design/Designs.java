package org.ioptstress.design;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.ioptstress.iommufd.Design;

/**
 * The design registry. To add a design, write one class (extend the design your patch is a diff against and
 * override the hunks it changes) and add its constructor here; the stress suite, the benchmarks and the
 * campaign pick it up by name.
 */
public final class Designs
{
    private static final List<Supplier<Design>> BUILT_IN = List.of(
        Baseline::new,
        V7::new,
        V7Hoisted::new,
        V8::new,
        Upstream::new,
        NotifyRefFix::new,
        NotifyLockThenPut::new,
        BrokenNoLockCheck::new,
        BrokenRacyNumLocks::new,
        BrokenAreaAfterUnlock::new);

    private Designs()
    {
    }

    /** Every design, candidates first, then negative controls. */
    public static List<Design> all()
    {
        final List<Design> designs = new ArrayList<>();
        for (final Supplier<Design> supplier : BUILT_IN)
        {
            designs.add(supplier.get());
        }
        return designs;
    }

    public static List<String> names()
    {
        return all().stream().map(Design::name).collect(Collectors.toList());
    }

    /** The designs a kernel developer would choose between (no negative controls). */
    public static List<Design> candidates()
    {
        return all().stream().filter(d -> !d.negativeControl()).collect(Collectors.toList());
    }

    public static List<Design> negativeControls()
    {
        return all().stream().filter(Design::negativeControl).collect(Collectors.toList());
    }

    /** A fresh instance of the named design; IllegalArgumentException listing the known names otherwise. */
    public static Design byName(final String name)
    {
        for (final Supplier<Design> supplier : BUILT_IN)
        {
            final Design design = supplier.get();
            if (design.name().equals(name))
            {
                return design;
            }
        }
        throw new IllegalArgumentException("unknown design '" + name + "'; known: " + String.join(", ", names()));
    }
}

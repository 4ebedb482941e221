package org.ioptstress.design;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.ioptstress.iommufd.Design;

/**
 * The design registry, the one source of truth for which designs exist and what each is ({@link Design#role()},
 * {@link Design#suiteOnly()}). Designs are found with {@link ServiceLoader}: every
 * {@code META-INF/services/org.ioptstress.iommufd.Design} on the class path lists design classes, core's the
 * real patches, candidate fixes and core negative controls, stress-tests' its suite-only controls (so core's
 * tests see core's designs, the suite sees both). To add a design, write one class and add its name to its
 * module's services file: jcstress (the generated tests), the model checker, the explorer, the campaign's matrix
 * and the benchmarks (every design that is not a negative control, its lock floor derived from its locks) pick
 * it up with no other edit.
 *
 * <p>Order: real patches, candidate fixes, negative controls; core before suite-only within a role; services
 * file order within each (core's file lists the series in patch order).
 */
public final class Designs
{
    private static final Map<ClassLoader, List<ServiceLoader.Provider<Design>>> PROVIDERS = new ConcurrentHashMap<>();

    private Designs()
    {
    }

    /** Every design, fresh instances, in registry order. */
    public static List<Design> all()
    {
        final List<Design> designs = new ArrayList<>();
        for (final ServiceLoader.Provider<Design> provider : providers())
        {
            designs.add(provider.get());
        }
        return designs;
    }

    public static List<String> names()
    {
        return all().stream().map(Design::name).collect(Collectors.toList());
    }

    /** The designs a kernel developer would choose between (real patches and candidate fixes): benchmarked. */
    public static List<Design> candidates()
    {
        return all().stream().filter(d -> !d.negativeControl()).collect(Collectors.toList());
    }

    public static List<Design> negativeControls()
    {
        return all().stream().filter(Design::negativeControl).collect(Collectors.toList());
    }

    /** The designs of a role, in registry order. */
    public static List<Design> withRole(final Design.Role role)
    {
        return all().stream().filter(d -> d.role() == role).collect(Collectors.toList());
    }

    /** Designs core's own tests can name (not suite-only). */
    public static List<Design> core()
    {
        return all().stream().filter(d -> !d.suiteOnly()).collect(Collectors.toList());
    }

    /** A fresh instance of the named design; IllegalArgumentException listing the known names otherwise. */
    public static Design byName(final String name)
    {
        for (final ServiceLoader.Provider<Design> provider : providers())
        {
            final Design design = provider.get();
            if (design.name().equals(name))
            {
                return design;
            }
        }
        throw new IllegalArgumentException("unknown design '" + name + "'; known: " + String.join(", ", names()));
    }

    /**
     * The providers the calling thread's context class loader sees (a test may add a design through its own
     * loader), or, where that loader does not share this {@link Design} class (an annotation processor inside
     * javac), the ones Design's own loader sees. Loaded once per loader.
     */
    private static List<ServiceLoader.Provider<Design>> providers()
    {
        return PROVIDERS.computeIfAbsent(loader(), Designs::load);
    }

    private static ClassLoader loader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null)
        {
            try
            {
                if (Class.forName(Design.class.getName(), false, context) == Design.class)
                {
                    return context;
                }
            }
            catch (final ClassNotFoundException e)
            {
                /* not ours: fall back to Design's own loader */
            }
        }
        return Design.class.getClassLoader();
    }

    private static List<ServiceLoader.Provider<Design>> load(final ClassLoader loader)
    {
        final List<ServiceLoader.Provider<Design>> providers = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final ServiceLoader.Provider<Design> provider : ServiceLoader.load(Design.class, loader).stream()
            .collect(Collectors.toList()))
        {
            final String name = provider.get().name();
            if (names.contains(name))
            {
                throw new IllegalStateException("two registered designs are named '" + name + "'");
            }
            names.add(name);
            providers.add(provider);
        }
        /* stable: services-file order within a role and scope */
        providers.sort(Comparator.comparing((ServiceLoader.Provider<Design> p) -> p.get().role())
            .thenComparing(p -> p.get().suiteOnly()));
        return List.copyOf(providers);
    }
}

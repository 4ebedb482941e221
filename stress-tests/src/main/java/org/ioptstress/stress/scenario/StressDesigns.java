package org.ioptstress.stress.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.controls.Controls;

/**
 * The designs the suite runs against: every design of the core registry ({@link Designs}, so a design added
 * there is picked up by the next build), then the suite's own deliberately broken negative controls
 * ({@link Controls}), which exist only to show that a scenario can fail.
 */
public final class StressDesigns
{
    private StressDesigns()
    {
    }

    public static List<Design> all()
    {
        final List<Design> designs = new ArrayList<>(Designs.all());
        designs.addAll(Controls.all());
        return designs;
    }

    public static List<String> names()
    {
        return all().stream().map(Design::name).collect(Collectors.toList());
    }

    /** A fresh instance of the named design; IllegalArgumentException listing the known names otherwise. */
    public static Design byName(final String name)
    {
        for (final Design design : all())
        {
            if (design.name().equals(name))
            {
                return design;
            }
        }
        throw new IllegalArgumentException("unknown design '" + name + "'; known: " + String.join(", ", names()));
    }
}

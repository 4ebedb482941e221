package org.ioptstress.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ioptstress.bench.LockFloor;
import org.ioptstress.design.Designs;
import org.ioptstress.design.UpstreamNotifyFix;
import org.ioptstress.iommufd.Design;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A design added as one class and one services line, and nothing else, is in the bench report's design list,
 * measured by every figure it applies to, and has a lock floor (derived from what it does, not from its parent).
 */
class NewDesignIsBenchmarkedTest
{
    /** A newcomer's design: one class. */
    public static class AddedDesign extends UpstreamNotifyFix
    {
        @Override
        public String name()
        {
            return "bench-added-design";
        }

        @Override
        public String summary()
        {
            return "a design added as one class by NewDesignIsBenchmarkedTest";
        }
    }

    @Test
    void addedDesignIsPlannedInEveryFigureAndFloored(@TempDir final Path dir) throws Exception
    {
        /* its services line, seen only through this thread's context class loader */
        final Path services = dir.resolve("META-INF/services/" + Design.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, AddedDesign.class.getName() + "\n", StandardCharsets.UTF_8);
        final Thread thread = Thread.currentThread();
        final ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before))
        {
            thread.setContextClassLoader(loader);

            assertThat(Catalog.all()).endsWith("bench-added-design");
            final List<BenchPlan.Planned> plan = BenchPlan.plan(Catalog.Mode.QUICK, null, null);
            /* every figure's measured benchmark (not the floors, which have no design @Param) */
            assertThat(plan.stream().filter(p -> !p.run().method().startsWith("floor")))
                .isNotEmpty().allSatisfy(p -> assertThat(p.designs()).contains("bench-added-design"));
            assertThat(LockFloor.refusesAfterNotify(Designs.byName("bench-added-design"))).isFalse();
        }
        finally
        {
            thread.setContextClassLoader(before);
        }
        assertThat(Catalog.all()).doesNotContain("bench-added-design");
    }
}

package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/** Generated concurrent programs under Lincheck's model checker. */
class ModelExplorerTest
{
    /** Two adjacent areas [X], [X+P]; thread 0 unmaps both, thread 1 maps [X] again (the race 8602018b fixes). */
    private static Concurrent.CProgram mapVsUnmap()
    {
        return ConcurrentTest.mapVsUnmap();
    }

    @Test
    void theModelCheckerFindsTheMapVsUnmapRaceOnV8WithItsInterleavingAndNotAfter8602018b()
    {
        final ModelExplorer.Outcome v8 = ModelExplorer.explore(mapVsUnmap(), Designs.byName("v8"), 40, "test");
        assertThat(v8.hits()).singleElement().satisfies(h ->
        {
            assertThat(h.oracle()).isEqualTo("linearizability");
            assertThat(h.key()).isEqualTo("IOMMU_IOAS_MAP||IOMMU_IOAS_UNMAP");
        });
        assertThat(v8.interleaving()).contains("thread0").contains("thread1").contains("unmapIovaRange");
        final ModelExplorer.Outcome upstream = ModelExplorer.explore(mapVsUnmap(), Designs.byName("upstream-notify-fix"), 25, "test");
        assertThat(upstream.hits()).isEmpty();
    }

    @Test
    void actorsThatCommuteAreNotModelChecked()
    {
        /* an unmap and a map of unrelated ranges: every order gives the same results and state */
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE, 0, 0, Programs.P, Programs.RW);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, Programs.P);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE + 8 * Programs.P, 0, 0, Programs.P, Programs.RW);
        final Concurrent.CProgram cp = Concurrent.split(p.build(), 2);
        assertThat(ModelExplorer.commute(cp, Designs.byName("v8"))).isTrue();
        assertThat(ModelExplorer.explore(cp, Designs.byName("v8"), 5, "test").skipped()).isTrue();
        assertThat(ModelExplorer.commute(mapVsUnmap(), Designs.byName("v8"))).isFalse();
    }

    @Test
    void generatedConcurrentProgramsAreDeterministicAndTheirActorsAreSingleCalls()
    {
        for (int n = 0; n < 200; n++)
        {
            final Concurrent.CProgram a = Concurrent.generate(3, n, 3);
            assertThat(a).isEqualTo(Concurrent.generate(3, n, 3));
            assertThat(a.actors()).hasSize(3).noneMatch(c -> c.op().bulk());
            assertThat(a.prefix().size()).isBetween(2, 8);
        }
    }
}

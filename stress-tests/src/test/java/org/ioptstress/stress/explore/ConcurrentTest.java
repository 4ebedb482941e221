package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ioptstress.iommufd.Design;
import org.ioptstress.kernel.Errno;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/** The concurrent oracles, judged on runs whose outcome is given (real-thread interleavings are not repeatable). */
class ConcurrentTest
{
    /** Two adjacent areas [X], [X+P]; thread 0 unmaps both, thread 1 maps [X] again (8602018b's race). */
    static Concurrent.CProgram mapVsUnmap()
    {
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.MAP_N, Progs.r(ioas), Programs.BASE, 2, 1, Programs.P);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, 2 * Programs.P);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE, 0, 0, Programs.P, Programs.RW);
        return Concurrent.split(p.build(), 2);
    }

    @Test
    void splitKeepsThePrefixAndCutsReferencesBetweenActors()
    {
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        final int other = p.add(Op.IOAS_ALLOC);
        p.add(Op.VIOMMU_ALLOC, Progs.r(other));
        final Concurrent.CProgram cp = Concurrent.split(p.build(), 2);
        assertThat(cp.prefix().size()).isEqualTo(1);
        assertThat(cp.actors()).hasSize(2);
        assertThat(cp.actors().get(1).isRef(0)).as("the vIOMMU's IOAS came from the other actor").isFalse();
        assertThat(ioas).isZero();
    }

    @Test
    void aStateNoOrderGivesIsNotLinearizableAndTheOrdersThemselvesAre()
    {
        final Design v8 = Designs.byName("v8");
        final Concurrent.CProgram cp = mapVsUnmap();
        /* unmap first: both areas gone, then the map succeeds: one area */
        final Execution unmapFirst = Execution.run(cp.asProgram(), v8, false);
        final Concurrent.Run ok = new Concurrent.Run(new int[] {0, 0}, unmapFirst.state, List.of(), false);
        assertThat(Concurrent.nonLinearizable(cp, v8, ok)).isNull();
        /* both returned 0, yet no area is left: the race 8602018b fixes (the unmap freed the new area too) */
        final String empty = unmapFirst.state.replace("areas=1", "areas=0");
        final Concurrent.Run lost = new Concurrent.Run(new int[] {0, 0}, empty, List.of(), false);
        assertThat(Concurrent.nonLinearizable(cp, v8, lost)).contains("which no sequential order gives");
        assertThat(Concurrent.judge(cp, v8, lost)).singleElement().satisfies(h ->
        {
            assertThat(h.oracle()).isEqualTo("linearizability");
            assertThat(h.key()).isEqualTo("IOMMU_IOAS_MAP||IOMMU_IOAS_UNMAP");
        });
    }

    @Test
    void aPinRefusedWhileAnUnmapNotifiesIsCheckedAsIfItNeverRan()
    {
        /* found on real threads on v8 (seed 3): the pin met prevent_access (-EINVAL), the unmap freed the area */
        final Design d = Designs.byName("upstream-notify-fix");
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE, 0, 0, 3 * Programs.P, Programs.RW);
        final int access = p.add(Op.CREATE_ACCESS, Progs.r(ioas), org.ioptstress.iommufd.IommufdCtx.MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES);
        p.add(Op.ACCESS_PAGES, Progs.r(access), Programs.BASE, Programs.P, 0);
        p.add(Op.ACCESS_PAGES, Progs.r(access), Programs.BASE + Programs.P, Programs.P, 0);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, 3 * Programs.P);
        final Concurrent.CProgram cp = Concurrent.split(p.build(), 2);
        final List<Call> unmapOnly = new java.util.ArrayList<>(cp.prefix().calls());
        unmapOnly.add(cp.actors().get(1));
        final Execution e = Execution.run(new Program(unmapOnly), d, false);
        assertThat(Concurrent.nonLinearizable(cp, d, new Concurrent.Run(new int[] {-Errno.EINVAL, 0}, e.state, List.of(), false))).isNull();
        assertThat(Concurrent.nonLinearizable(cp, d, new Concurrent.Run(new int[] {-Errno.EPERM, 0}, e.state, List.of(), false))).isNotNull();
    }

    @Test
    void twoUnmapsOfTheSameAreasThatBothReturn0AreTheKernelsOwnNonAtomicity()
    {
        /* found by the model checker on v8 (seed 3): each unmap freed some of the three areas, both returned 0 */
        final Design d = Designs.byName("upstream-notify-fix");
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.MAP_N, Progs.r(ioas), Programs.BASE, 3, 1, Programs.P);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, 3 * Programs.P);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, 3 * Programs.P);
        final Concurrent.CProgram cp = Concurrent.split(p.build(), 2);
        final Execution one = Execution.run(new Program(p.build().calls().subList(0, 3)), d, false);
        assertThat(Concurrent.nonLinearizable(cp, d, new Concurrent.Run(new int[] {0, 0}, one.state, List.of(), false))).isNull();
    }

    @Test
    void aDestroyRefusedBecauseAnotherIoctlHeldTheObjectIsCheckedAsIfItNeverRan()
    {
        final Design d = Designs.byName("upstream-notify-fix");
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE, 0, 0, Programs.P, Programs.RW);
        p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, Programs.P);
        p.add(Op.DESTROY, Progs.r(ioas));
        final Concurrent.CProgram cp = Concurrent.split(p.build(), 2);
        final Execution unmapOnly = Execution.run(new Program(p.build().calls().subList(0, 3)), d, false);
        final Concurrent.Run busy = new Concurrent.Run(new int[] {0, -Errno.EBUSY}, unmapOnly.state, List.of(), false);
        assertThat(Concurrent.nonLinearizable(cp, d, busy)).isNull();
        final Concurrent.Run wrong = new Concurrent.Run(new int[] {-Errno.ENOENT, -Errno.EBUSY}, unmapOnly.state, List.of(), false);
        assertThat(Concurrent.nonLinearizable(cp, d, wrong)).isNotNull();
    }

    @Test
    void aRealRunOfTheLeakProgramShowsTheLeakOnV8()
    {
        /* the v8 leak needs no race: with the unmap as an actor it shows on any interleaving */
        final Concurrent.CProgram cp = Concurrent.split(Progs.unmapMdevAreaBesideQueue(), 1);
        final Concurrent.Run run = Concurrent.run(cp, Designs.byName("v8"));
        assertThat(Concurrent.judge(cp, Designs.byName("v8"), run)).anySatisfy(h ->
            assertThat(h.text()).contains("wait_cnt 2, expected 1"));
        final Concurrent.Run fixed = Concurrent.run(cp, Designs.byName("upstream-notify-fix"));
        assertThat(Concurrent.judge(cp, Designs.byName("upstream-notify-fix"), fixed)).isEmpty();
    }
}

package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/** Shrinking keeps the failure (same design, oracle and key), removes what does not matter and terminates. */
class ShrinkerTest
{
    @Test
    void shrinksAPaddedProgramBackToItsCore()
    {
        final Explorer explorer = new Explorer(new Explorer.Config(List.of(Designs.byName("v7")),
            Explorer.reference(), 1, 1, 0, Differences.none(), 20_000_000_000L, null));
        final Program core = Progs.unmapMdevAreaBesideQueue();
        /* pad it with calls from generated programs that do not touch its objects */
        final List<Call> padded = new ArrayList<>();
        final Program noise = Programs.generate(42, 7);
        for (final Call c : noise.calls())
        {
            if (c.refMask() == 0)
            {
                padded.add(c);
            }
        }
        final int shift = padded.size();
        for (final Call c : core.calls())
        {
            Call moved = c;
            for (int a = 0; a < c.args().length; a++)
            {
                if (c.isRef(a))
                {
                    moved = moved.withArg(a, c.args()[a] + shift, true);
                }
            }
            padded.add(moved);
        }
        padded.add(new Call(Op.IOAS_ALLOC, new long[0], 0));
        final Program big = new Program(padded);
        final Finding f = new Finding("v7", "errno", "IOMMU_IOAS_UNMAP/0->-EBUSY", "", big, 0, 0);
        assertThat(explorer.stillFails(f, big)).isTrue();

        explorer.shrink(f);

        assertThat(explorer.stillFails(f, f.minimized)).as("the minimized program fails the same way").isTrue();
        assertThat(f.minimized.size()).isLessThanOrEqualTo(core.size()).isLessThan(big.size());
        assertThat(f.minimizedCall).isEqualTo(f.minimized.size() - 1);
        assertThat(Reproducer.selftest(f.minimized, Designs.byName("v7"), Explorer.reference(),
            f.minimizedCall)).contains("IOMMU_HW_QUEUE_ALLOC", "IOMMU_TEST_OP_ACCESS_PAGES", "IOMMU_IOAS_UNMAP",
                "= -EBUSY   (upstream-tries-fix: 0)   <-- v7");
        assertThat(Reproducer.junit(f, Designs.byName("v7"), Explorer.reference(), 1))
            .contains("Designs.byName(\"v7\")", ".isZero();", "ctx.hwQueueAlloc(");
    }

    @Test
    void simplifiesArguments()
    {
        assertThat(Shrinker.candidates(Op.Arg.COUNT, 200)).startsWith(0L, 1L, 2L);
        assertThat(Shrinker.candidates(Op.Arg.LEN, Programs.P)).isEmpty();
    }
}

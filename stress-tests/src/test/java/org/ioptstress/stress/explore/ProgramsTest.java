package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProgramsTest
{
    @Test
    void sameSeedSamePrograms()
    {
        for (long n = 0; n < 200; n++)
        {
            assertThat(Programs.generate(7, n)).isEqualTo(Programs.generate(7, n));
        }
        assertThat(Programs.generate(7, 3)).isNotEqualTo(Programs.generate(8, 3));
    }

    @Test
    void programsUseEveryCallAndReferToEarlierResults()
    {
        final Set<Op> seen = new HashSet<>();
        for (long n = 0; n < 500; n++)
        {
            final Program p = Programs.generate(1, n);
            assertThat(p.size()).isBetween(4, 16);
            for (int i = 0; i < p.size(); i++)
            {
                final Call c = p.call(i);
                seen.add(c.op());
                for (int a = 0; a < c.args().length; a++)
                {
                    if (c.isRef(a))
                    {
                        assertThat(c.args()[a]).isBetween(0L, (long)i - 1);
                    }
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Op.values());
    }
}

package org.ioptstress.stress.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.ioptstress.design.Baseline;
import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.IoptArea;
import org.junit.jupiter.api.Test;

/** Trial.finish checks the structural invariants: a state quietly left wrong is FAILED {@code invariant}. */
class TrialInvariantTest
{
    /** Behaves as baseline (which never reads num_locks) but counts every pin in it and never uncounts. */
    static final class SilentNumLocks extends Baseline
    {
        @Override
        public String name()
        {
            return "test-silent-num-locks";
        }

        @Override
        protected void areaAddAccessUnlocked(final IoptArea area, final Access access)
        {
            area.setNumLocks(area.numLocks() + 1);
        }
    }

    @Test
    void quietlyWrongStateFailsAsInvariant()
    {
        final Scenario scenario = Scenarios.byId("pin-vs-detach-same-access");
        assertThat(Sequential.run(scenario, Designs.byName("baseline"), 0, 1).ok()).isTrue();

        final Outcome o = Sequential.run(scenario, new SilentNumLocks(), 0, 1);
        assertThat(o.ok()).isFalse();
        assertThat(o.label()).isEqualTo(Case.INVARIANT.label());
        assertThat(o.details()).contains("num_locks 1 but internal accesses hold 0");
    }
}

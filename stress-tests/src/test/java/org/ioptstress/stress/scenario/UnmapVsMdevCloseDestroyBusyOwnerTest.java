package org.ioptstress.stress.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.ioptstress.design.Designs;
import org.ioptstress.fixture.Interleavings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The destroy-busy race (iommufd_access_notify_unmap()'s iommufd_lock_obj() meeting iommufd_object_remove()'s
 * refcount_dec_if_one()), forced in a trial of both scenarios that reach it: unmap-vs-mdev-close, where it comes
 * at its natural ~1e-4 rate, accepts it as interesting (jcstress ACCEPTABLE_INTERESTING, the model checker's OK);
 * unmap-vs-mdev-close-destroy-busy, which widens its windows, owns it and fails.
 */
class UnmapVsMdevCloseDestroyBusyOwnerTest
{
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "unmap-vs-mdev-close,              v8,       true,  ACCEPTABLE_INTERESTING",
        "unmap-vs-mdev-close,              upstream, true,  ACCEPTABLE_INTERESTING",
        "unmap-vs-mdev-close-destroy-busy, v8,       false, FORBIDDEN"})
    void destroyBusyIsJudgedByTheScenarioThatOwnsIt(final String id, final String design, final boolean ok,
        final String expect) throws InterruptedException
    {
        final Scenario scenario = Scenarios.byId(id);
        final Case busy = scenario.cases().stream().filter(c -> c.label().equals("destroy-busy")).findFirst().orElseThrow();
        assertThat(busy.ok()).isEqualTo(ok);
        assertThat(busy.expect()).isEqualTo(expect);
        if (ok)
        {
            assertThat(busy.desc()).startsWith("destroy-busy, judged in unmap-vs-mdev-close-destroy-busy");
        }

        final Outcome o = forcedDestroyBusy(scenario, design);

        assertThat(o.label()).isEqualTo("destroy-busy");
        assertThat(o.ok()).as(o.toString()).isEqualTo(ok);
        assertThat(o.details()).contains("WARN");
    }

    /** Trial of {@code scenario} with the unmap's iommufd_lock_obj() inside the close's iommufd_object_remove(). */
    private static Outcome forcedDestroyBusy(final Scenario scenario, final String design) throws InterruptedException
    {
        final Trial t = scenario.newTrial(Designs.byName(design));
        final int[] rc = new int[2];
        final Thread closer = new Thread(() -> rc[1] = t.run(1), "close(access fd)");
        final Thread unmapper = new Thread(() -> rc[0] = t.run(0), "IOAS_UNMAP");
        Interleavings.unhook(t.kernel); /* the widened scenario's busy delays off: the hooks below place the race */
        final AtomicBoolean reached = Interleavings.destroyBusy(t.kernel, closer, unmapper);
        unmapper.start();
        unmapper.join();
        closer.join();
        assertThat(reached).as("the interleaving was reached").isTrue();
        return t.finish(rc);
    }
}

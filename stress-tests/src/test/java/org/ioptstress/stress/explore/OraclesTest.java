package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ioptstress.iommufd.Design;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;

/** Each oracle can fire, and a recorded difference silences exactly itself. */
class OraclesTest
{
    private static Explorer explorer(final Differences recorded, final String... designs)
    {
        final List<Design> list = java.util.Arrays.stream(designs).map(Designs::byName).toList();
        return new Explorer(new Explorer.Config(list, Explorer.reference(), 1, 1, 0, recorded,
            1_000_000_000L, null));
    }

    private static List<String> signatures(final List<Oracles.Hit> hits)
    {
        return hits.stream().map(h -> Finding.signature(h.design(), h.oracle(), h.key())).toList();
    }

    @Test
    void theReferenceIsCleanOnTheKnownPrograms()
    {
        final Explorer e = explorer(Differences.none(), "upstream-notify-fix");
        assertThat(e.findings(Progs.unmapMdevAreaBesideQueue())).isEmpty();
        assertThat(e.findings(Progs.unmapQueueMemory())).isEmpty();
    }

    @Test
    void aWarnIsAFinding()
    {
        final List<String> hits = signatures(explorer(Differences.none(), "baseline").findings(Progs.unmapQueueMemory()));
        assertThat(hits).contains("baseline.report.WARN@IoPagetable.unmapIovaRange",
            "baseline.errno.IOMMU_IOAS_UNMAP/-EBUSY->-EDEADLOCK");
    }

    @Test
    void oneDifferingErrnoIsFlaggedAndARecordedOneIsNot()
    {
        final String refused = "v7.errno.IOMMU_IOAS_UNMAP/0->-EBUSY";
        assertThat(signatures(explorer(Differences.none(), "v7").findings(Progs.unmapMdevAreaBesideQueue())))
            .containsExactly(refused);
        assertThat(explorer(Differences.none().record(refused, "test"), "v7").findings(Progs.unmapMdevAreaBesideQueue()))
            .isEmpty();
        assertThat(explorer(Differences.none().record("*.errno.IOMMU_IOAS_UNMAP/0->-EBUSY", "test"), "v7")
            .findings(Progs.unmapMdevAreaBesideQueue())).isEmpty();
    }

    @Test
    void theLeakedNotifyReferenceShowsAsAnInvariantAtTheUnmapAndAHungTaskAtRelease()
    {
        final Program p = Progs.unmapMdevAreaBesideQueue();
        final List<Oracles.Hit> hits = explorer(Differences.none(), "v8").findings(p);
        assertThat(hits).anySatisfy(h ->
        {
            assertThat(h.oracle()).isEqualTo("invariant");
            assertThat(h.call()).isEqualTo(p.size() - 1);
            assertThat(h.text()).contains("wait_cnt 2, expected 1");
        });
        assertThat(signatures(hits)).contains("v8.report.HUNG_TASK@IommufdCtx.objectDecWait", "v8.release.objects");
    }

    /** 8602018b: tries carry over between adjacent areas, so 101 pinned adjacent areas WARN and -EDEADLOCK. */
    @Test
    void theTriesThatCarryOverBetweenAdjacentAreasAreAFindingOnUpstream()
    {
        final java.util.function.IntFunction<Program> adjacent = n ->
        {
            final Progs p = new Progs();
            final int ioas = p.add(Op.IOAS_ALLOC);
            p.add(Op.MAP_N, Progs.r(ioas), Programs.BASE, n, 1, Programs.P);
            final int fd = p.add(Op.CREATE_ACCESS, Progs.r(ioas), 1);
            p.add(Op.PIN_EACH, Progs.r(fd), Programs.BASE, n, Programs.P);
            p.add(Op.IOAS_UNMAP, Progs.r(ioas), Programs.BASE, n * Programs.P);
            return p.build();
        };
        final Explorer e = explorer(Differences.none(), "upstream", "v8");
        assertThat(signatures(e.findings(adjacent.apply(101)))).containsExactlyInAnyOrder(
            "upstream.report.WARN@IoPagetable.unmapIovaRange", "upstream.errno.IOMMU_IOAS_UNMAP/0->-EDEADLOCK");
        assertThat(e.findings(adjacent.apply(100))).isEmpty();
    }

    @Test
    void aControlThatLeavesPinsFailsTheReleaseOracle()
    {
        final Progs p = new Progs();
        final int ioas = p.add(Op.IOAS_ALLOC);
        final int other = p.add(Op.IOAS_ALLOC);
        p.add(Op.IOAS_MAP, Progs.r(ioas), Programs.BASE, 0, 0, Programs.P, Programs.RW);
        final int fd = p.add(Op.CREATE_ACCESS, Progs.r(ioas), 1);
        p.add(Op.ACCESS_PAGES, Progs.r(fd), Programs.BASE, Programs.P, 0);
        p.add(Op.ACCESS_REPLACE_IOAS, Progs.r(fd), Progs.r(other));
        final List<String> hits = signatures(explorer(Differences.none(), "broken-change-ioas-no-unmap").findings(p.build()));
        assertThat(hits).contains("broken-change-ioas-no-unmap.release.pins");
        assertThat(hits).anyMatch(s -> s.startsWith("broken-change-ioas-no-unmap.invariant."));
    }
}

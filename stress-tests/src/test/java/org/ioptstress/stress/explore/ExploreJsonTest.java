package org.ioptstress.stress.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.ioptstress.stress.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explore.json with findings of every shape (ExploreCliTest's golden run finds nothing): a shrunk sequential
 * finding (selftest and junit), a shrunk model-checker finding (selftest of its threads and its interleaving, no
 * junit), one not shrunk (neither), a split and a recorded difference seen; pinned by golden/explore-findings.json.
 */
class ExploreJsonTest
{
    @TempDir
    Path dir;

    @Test
    void everyShapeOfFindingIsWrittenAsTheSchemaSays() throws Exception
    {
        final Design baseline = Designs.byName("baseline");
        final Design v8 = Designs.byName("v8");
        final Design reference = Explorer.reference();
        final Explorer.Result r = new Explorer.Result();
        r.programs = 1234;
        r.calls = 9876;
        r.seconds = 2.5;
        r.reference = reference.name();
        r.designs.add(reference.name());
        r.designs.add("baseline");
        r.designs.add("v8");
        r.controls.add("v8");

        final Finding sequential = new Finding("baseline", "errno", "IOAS_UNMAP -EDEADLOCK/0", "unmap of queue memory",
            Progs.unmapQueueMemory(), 17, 0.1234);
        sequential.minimized = Progs.unmapQueueMemory();
        sequential.minimizedCall = 3;
        sequential.shrinkSeconds = 0.0456;
        sequential.hits = 5;
        final Finding threads = new Finding("v8", "report", "WARN iopt_unmap_iova_range", "a WARN", Progs.unmapMdevAreaBesideQueue(),
            40, 1.5);
        threads.minimized = Progs.unmapMdevAreaBesideQueue();
        threads.threads = 2;
        threads.interleaving = "| thread 0 | thread 1 |\n| unmap | pin |";
        threads.negativeControl = true;
        final Finding unshrunk = new Finding("v8", "state", "areas", "areas differ", Progs.unmapQueueMemory(), 99, 2.0);
        unshrunk.negativeControl = true;
        r.findings.put(sequential.signature(), sequential);
        r.findings.put(threads.signature(), threads);
        r.findings.put(unshrunk.signature(), unshrunk);
        final Explorer.Split split = new Explorer.Split("{baseline} {v8, upstream-tries-fix}", "IOAS_UNMAP", 3);
        split.programs = 12;
        r.splits.put(split.groups, split);
        r.recordedSeen.put("v7.errno.IOAS_UNMAP -EBUSY/0", 7L);

        final Map<String, Design> designs = new LinkedHashMap<>();
        designs.put(reference.name(), reference);
        designs.put("baseline", baseline);
        designs.put("v8", v8);
        ExploreReport.write(dir, r, designs, reference, 42, "./iopt-stress explore --seed 42", Differences.none());

        final String json = Files.readString(dir.resolve("explore.json"));
        assertThat(json).contains("\"selftest\"", "\"junit\"", "\"interleaving\": null", "\"minimized\": null");
        Golden.assertMatches(dir.resolve("explore.json"), "explore-findings.json", Set.of());
    }
}

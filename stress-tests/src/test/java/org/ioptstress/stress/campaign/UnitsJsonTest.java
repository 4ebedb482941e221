package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.ioptstress.stress.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** units.json ({@value Progress#SCHEMA}): pinned by a golden file, and read back as written. */
class UnitsJsonTest
{
    static Progress fixed()
    {
        final Progress p = new Progress();
        p.state = Progress.STOPPED;
        p.commit = "0123456789abcdef";
        p.dirty = true;
        p.mode = "sanity";
        p.designs = List.of("v8", "broken-no-lock-check");
        p.scenarios = List.of("unmap-vs-mdev-close");
        p.modelCheck = true;
        p.mcInvocations = 25;
        p.firstFailureRuns = 3;
        p.extraJcstressArgs = List.of("-v");
        p.shardIndex = 1;
        p.shardCount = 2;
        p.plan = "balanced";
        p.costs = "estimates";
        p.run.put("started", "2026-01-01T00:00:00Z");
        p.run.put("machine", "a \"quoted\" host <x> & y");
        p.run.put("finished", null);
        p.jcstressArgs = List.of("-m", "sanity", "-t", "UnmapVsMdevClose");
        p.modelChecker.put("budget", "quick");
        p.modelChecker.put("invocationsPerPair", 25L);
        p.units.add(new Progress.Entry(new Unit("v8", "unmap-vs-mdev-close", Unit.JCSTRESS), Verdict.OK, null, 1234, -1, false, -1));
        p.units.add(new Progress.Entry(new Unit("v8", "unmap-vs-mdev-close", Unit.MODEL_CHECKER), Verdict.FAILED,
            "FAIL destroy-busy | x", 900, 7, false, 25));
        p.units.add(new Progress.Entry(new Unit("broken-no-lock-check", "unmap-vs-mdev-close", Unit.JCSTRESS),
            Verdict.NOT_RUN, null, -1, -1, false, -1));
        p.units.add(new Progress.Entry(new Unit("broken-no-lock-check", "unmap-vs-mdev-close", Unit.MODEL_CHECKER), Verdict.OK,
            "", 5000, 25, true, 25));
        return p;
    }

    @Test
    void unitsJsonMatchesItsGoldenFileAndReadsBack(@TempDir final Path dir) throws Exception
    {
        final Progress p = fixed();

        p.write(dir);

        Golden.assertMatches(dir.resolve(Progress.FILE), "units.json", Set.of());
        final Progress back = Progress.read(dir);
        assertThat(back).usingRecursiveComparison().isEqualTo(p);
        assertThat(back.differs(p)).isNull();
    }
}

package org.ioptstress.stress.jcstress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ioptstress.stress.scenario.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fork records its first FAIL once, with the trials judged up to it; OK outcomes and unknown tests record nothing. */
class FirstFailureTest
{
    @Test
    void recordsOnlyTheFirstFailureOfEachTest(@TempDir final Path dir) throws Exception
    {
        final FirstFailure recorder = new FirstFailure(dir);
        recorder.built("pkg.Race.V8");
        recorder.built("pkg.Race.V8");
        recorder.judged("pkg.Race.V8", new Outcome(true, "unmap-won", "x"));
        recorder.judged("pkg.Race.V8", new Outcome(true, "pin-won", "x"));
        recorder.judged("pkg.Race.V8", new Outcome(false, "notify-leaked-ref", "x"));
        recorder.judged("pkg.Race.V8", new Outcome(false, "deadlock", "x"));
        recorder.judged("pkg.Race.Never", new Outcome(false, "deadlock", "x"));
        recorder.built("pkg.Race.Fine");
        recorder.judged("pkg.Race.Fine", new Outcome(true, "unmap-won", "x"));

        final Map<String, List<FirstFailure.Record>> all = FirstFailure.Record.readAll(dir);

        assertThat(all).containsOnlyKeys("pkg.Race.V8");
        final FirstFailure.Record r = all.get("pkg.Race.V8").get(0);
        assertThat(all.get("pkg.Race.V8")).hasSize(1);
        assertThat(r.trials()).isEqualTo(3);
        assertThat(r.label()).isEqualTo("notify-leaked-ref");
        assertThat(r.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(r.millis()).isNotNegative();
        assertThat(r.forkStartMillis()).isPositive();
    }

    @Test
    void testNamesAreJcstressNames()
    {
        assertThat(FirstFailure.testName(Outer.Inner.class)).isEqualTo(FirstFailureTest.class.getName() + ".Outer.Inner");
    }

    static final class Outer
    {
        static final class Inner
        {
        }
    }
}

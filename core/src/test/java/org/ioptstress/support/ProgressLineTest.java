package org.ioptstress.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressLineTest
{
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void onATerminalTheStatusIsRedrawnUnderTheLogLines()
    {
        final ProgressLine p = new ProgressLine(out, true, "campaign", 4, 40);

        p.println("  FAILED UnmapVsMdevClose on v8");
        p.done(1, 10, 1);
        p.finish();

        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r\u001b[K  FAILED UnmapVsMdevClose on v8\n\r\u001b[Kcampaign: 0/4 units, ")
            .contains("\r\u001b[Kcampaign: 1/4 units, ").contains(", 1 finding").endsWith(" finding\n");
    }

    @Test
    void offATerminalItIsPlainLinesOnly()
    {
        final ProgressLine p = new ProgressLine(out, false, "bench", 2, 10);

        p.println("run 1");
        p.done(1, 5, 0);
        p.done(1, 5, 0);
        p.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r", "\u001b")
            .startsWith("run 1\nbench: 2/2 units, ").endsWith("ETA 0:00, 0 findings\n");
    }

    @Test
    void theEtaIsTheCostTableScaledByTheUnitsDone()
    {
        final ProgressLine p = new ProgressLine(out, false, "x", 10, 100);

        assertThat(p.eta(30)).as("nothing done: the table's estimate of what is left").isCloseTo(70, within(1e-9));
        p.done(2, 20, 0);
        assertThat(p.eta(40)).as("done units took twice their estimate: so will the rest").isCloseTo(160, within(1e-9));
        assertThat(ProgressLine.clock(3725)).isEqualTo("1:02:05");
        assertThat(ProgressLine.clock(65)).isEqualTo("1:05");
    }
}

package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The suite's power, on every build: a handful of scenarios run through the built jcstress.jar, in a mode that
 * really samples ({@code -Dpower.mode}, default {@link Mode#POWER}), must FAIL on their negative controls and
 * must not FAIL on v8 where v8 is correct. A scenario that cannot fail, or a harness that fails by accident,
 * breaks the build.
 */
class PowerIT
{
    @Test
    void negativeControlsFailAndV8PassesWhereItIsCorrect() throws Exception
    {
        final List<String> scenarios = List.of("unmap-vs-internal-pin-same-area", "internal-pin-vs-internal-pin",
            "unmap-vs-unmap-mdev-area", "map-vs-unmap-identical", "unmap-mdev-area-vs-hwqueue-other-area");
        final List<String> designs = List.of("v8", "upstream-notify-fix", "broken-no-lock-check", "broken-racy-num-locks",
            "broken-area-after-unlock");
        final Campaign.Result r = JcstressRuns.run("power", Mode.of(System.getProperty("power.mode", "power")), designs,
            scenarios);

        /* (scenario, negative control) must FAIL, with the outcome that names the bug */
        assertFailed(r, "broken-no-lock-check", "unmap-vs-internal-pin-same-area", "deadlock");
        assertFailed(r, "broken-racy-num-locks", "internal-pin-vs-internal-pin", "lost-lock");
        assertFailed(r, "broken-area-after-unlock", "unmap-vs-unmap-mdev-area", "use-after-free");
        assertThat(r.get("broken-area-after-unlock", "unmap-vs-unmap-mdev-area").reports).containsKey("USE_AFTER_FREE");
        assertFailed(r, "v8", "map-vs-unmap-identical", null);
        assertFailed(r, "v8", "unmap-mdev-area-vs-hwqueue-other-area", "notify-leaked-ref");

        /* (scenario, v8 or the fix) where the design is correct must not FAIL */
        for (final String s : List.of("unmap-vs-internal-pin-same-area", "internal-pin-vs-internal-pin", "unmap-vs-unmap-mdev-area"))
        {
            assertNotFailed(r, "v8", s);
        }
        for (final String s : scenarios)
        {
            assertNotFailed(r, "upstream-notify-fix", s);
        }

        /* the model checker, over the same pairs in the same campaign: the controls fail there too, the same way */
        assertModelCheckerFailed(r, "broken-no-lock-check", "unmap-vs-internal-pin-same-area", "deadlock");
        assertModelCheckerFailed(r, "broken-racy-num-locks", "internal-pin-vs-internal-pin", "lost-lock");
        assertModelCheckerFailed(r, "broken-area-after-unlock", "unmap-vs-unmap-mdev-area", "use-after-free");
        assertModelCheckerFailed(r, "v8", "unmap-mdev-area-vs-hwqueue-other-area", "notify-leaked-ref");
        final PairVerdict leak = r.pair("v8", "unmap-mdev-area-vs-hwqueue-other-area");
        assertThat(leak.foundBy()).isEqualTo("both");
        /* the jcstress fork timed its first failure itself (-Diopt-stress.firstFailureDir through -jvmArgs) */
        assertThat(leak.firstFailures()).singleElement().satisfies(f -> assertThat(f.label()).isEqualTo("notify-leaked-ref"));
        assertThat(leak.jcstressFirstFailureMedianMillis()).isNotNegative();
        for (final String s : scenarios)
        {
            final ModelCheckVerdict mc = r.get("upstream-notify-fix", s).modelChecker;
            assertThat(mc.verdict()).as("%s on upstream-notify-fix: %s", s, mc.reason()).isEqualTo(Verdict.OK);
        }
        assertThat(r.problems).as("every model-checker verdict as expected").noneMatch(p -> p.contains("model checker"));
        assertThat(Files.readString(r.reportDir.resolve("report.md"))).contains("## Found by", "## Time to first failure");
    }

    private static void assertModelCheckerFailed(final Campaign.Result r, final String design, final String scenario,
        final String label)
    {
        final ModelCheckVerdict mc = r.get(design, scenario).modelChecker;
        assertThat(mc).as("%s on %s: the model checker ran", scenario, design).isNotNull();
        assertThat(mc.verdict()).as("%s on %s: %s", scenario, design, mc.reason()).isEqualTo(Verdict.FAILED);
        assertThat(mc.label()).isEqualTo(label);
        assertThat(mc.trace()).isNotNull();
        assertThat(r.reportDir.resolve(mc.trace())).isNotEmptyFile();
    }

    private static void assertFailed(final Campaign.Result r, final String design, final String scenario, final String label)
    {
        final TestVerdict v = r.get(design, scenario);
        assertThat(v.verdict).as("%s on %s (%d samples): %s", scenario, design, v.samples, v.reason).isEqualTo(Verdict.FAILED);
        if (label != null)
        {
            assertThat(v.outcomes).as("%s on %s", scenario, design)
                .anyMatch(o -> o.count() > 0 && o.forbidden() && o.id().startsWith("FAIL " + label + " |"));
        }
    }

    private static void assertNotFailed(final Campaign.Result r, final String design, final String scenario)
    {
        final TestVerdict v = r.get(design, scenario);
        assertThat(v.verdict).as("%s on %s: %s", scenario, design, v.failure == null ? v.reason : v.failure.id())
            .isEqualTo(Verdict.OK);
        assertThat(v.samples).isPositive();
    }
}

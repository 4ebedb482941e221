package org.ioptstress.stress.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.ioptstress.stress.scenario.Scenarios;
import org.ioptstress.design.Designs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectationsTest
{
    @Test
    void mostSpecificEntryWinsAndNotesAreKept(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("e.properties");
        Files.writeString(file, String.join("\n",
            "# comment",
            "*/s1 = OK|FAILED   # rare race",
            "d1/s1 = FAILED     # d1 is broken here",
            "d2/* = FAILED"));

        final Expectations e = Expectations.load(file);

        assertThat(e.of("d1", "s1").text()).isEqualTo("FAILED");
        assertThat(e.of("d1", "s1").note()).isEqualTo("d1 is broken here");
        assertThat(e.of("d2", "s1").text()).isEqualTo("FAILED");
        assertThat(e.of("d3", "s1").allows("OK")).isTrue();
        assertThat(e.of("d3", "s1").allows("FAILED")).isTrue();
        assertThat(e.of("d3", "s2").text()).isEqualTo("OK");
    }

    @Test
    void theModelCheckerFollowsJcstressUnlessItHasAnEntryOfItsOwn(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("e.properties");
        Files.writeString(file, String.join("\n",
            "*/s1 = OK|FAILED                  # rare under sampling",
            "d1/s2 = FAILED                    # broken",
            "model-checker:d1/s1 = FAILED      # found at interleaving 50 every time",
            "model-checker:*/s3 = OK           # the window needs a real clock"));

        final Expectations e = Expectations.load(file);

        assertThat(e.ofModelChecker("d1", "s1").text()).isEqualTo("FAILED");
        assertThat(e.ofModelChecker("d1", "s1").note()).isEqualTo("found at interleaving 50 every time");
        assertThat(e.hasModelCheckerEntry("d1", "s1")).isTrue();
        assertThat(e.ofModelChecker("d2", "s1").text()).isEqualTo("FAILED|OK");
        assertThat(e.hasModelCheckerEntry("d2", "s1")).isFalse();
        assertThat(e.ofModelChecker("d1", "s2").text()).isEqualTo("FAILED");
        assertThat(e.ofModelChecker("d9", "s3").text()).isEqualTo("OK");
        assertThat(e.of("d1", "s1").text()).isEqualTo("FAILED|OK");
        Files.writeString(file, "jmh:d1/s1 = OK\n");
        assertThatThrownBy(() -> Expectations.load(file)).hasMessageContaining("engine prefix");
    }

    @Test
    void rejectsWhatItCannotRead(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("e.properties");
        Files.writeString(file, "d1/s1 = MAYBE\n");

        assertThatThrownBy(() -> Expectations.load(file)).hasMessageContaining("OK, FAILED or OK|FAILED");
    }

    @Test
    void theRepositoryFileNamesOnlyKnownDesignsAndScenarios() throws Exception
    {
        final Path file = Paths.get("..", "expected-verdicts.properties");
        for (final String line : Files.readAllLines(file))
        {
            final String body = line.strip();
            if (body.isEmpty() || body.startsWith("#"))
            {
                continue;
            }
            final String[] key = body.substring(0, body.indexOf('=')).strip()
                .replaceFirst("^" + Expectations.MODEL_CHECKER + ":", "").split("/");
            assertThat(key[0]).as(line).satisfiesAnyOf(d -> assertThat(d).isEqualTo("*"),
                d -> assertThat(Designs.names()).contains(d));
            assertThat(key[1]).as(line).satisfiesAnyOf(s -> assertThat(s).isEqualTo("*"),
                s -> assertThat(Scenarios.ids()).contains(s));
        }
        Expectations.load(file);
    }
}

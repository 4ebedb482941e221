package org.ioptstress.stress.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ioptstress.design.Designs;
import org.ioptstress.iommufd.Design;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario on every design, actors run one after the other in every order: the serial interleavings,
 * deterministic and fast. The judgement must classify each (no exception, no unclassified state), the candidate
 * fix must pass all of them, and the failures that need no race at all must show on their designs.
 */
class SequentialOrdersTest
{
    static Stream<Arguments> scenarioDesignOrder()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final Scenario s : Scenarios.all())
        {
            for (final Design d : Designs.all())
            {
                for (final int[] order : orders(s.actors()))
                {
                    /* the notify reference leak makes this order wait the kernel's 60 s: the jcstress run shows it */
                    if (s.liveness() && order[0] == 1 && (d.name().equals("v8") || d.name().equals("upstream")))
                    {
                        continue;
                    }
                    all.add(Arguments.of(s.id(), d.name(), order));
                }
            }
        }
        return all.stream();
    }

    private static List<int[]> orders(final int actors)
    {
        return actors == 2 ? List.of(new int[] {0, 1}, new int[] {1, 0})
            : List.of(new int[] {0, 1, 2}, new int[] {0, 2, 1}, new int[] {1, 0, 2}, new int[] {1, 2, 0},
                new int[] {2, 0, 1}, new int[] {2, 1, 0});
    }

    @ParameterizedTest(name = "{0} on {1}, order {2}")
    @MethodSource("scenarioDesignOrder")
    void everySerialOrderIsClassified(final String scenario, final String design, final int[] order)
    {
        final Outcome o = Sequential.run(Scenarios.byId(scenario), Designs.byName(design), order);

        assertThat(o.label()).as(o.toString()).isNotEqualTo(Case.EXCEPTION.label());
        assertThat(Scenarios.byId(scenario).cases()).extracting(Case::label).contains(o.label());
        if (design.equals("upstream-notify-fix"))
        {
            assertThat(o.ok()).as(o.toString()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} on {1}, order {2}: {3} {4}")
    @CsvSource({
        "unmap-vs-internal-pin-same-area,       baseline,             1 0, FAIL, deadlock",
        "unmap-vs-internal-pin-same-area,       v8,                   1 0, OK,   pin-won",
        "unmap-vs-internal-pin-same-area,       broken-no-lock-check, 1 0, FAIL, deadlock",
        "unmap-vs-internal-pin-other-area,      broken-ioas-wide-lock, 1 0, FAIL, rejected-legal-unmap",
        "unmap-mdev-area-vs-hwqueue-other-area, v7,                   1 0, FAIL, rejected-legal-unmap",
        "unmap-mdev-area-vs-hwqueue-other-area, v7-hoisted,           1 0, FAIL, rejected-legal-unmap",
        "unmap-mdev-area-vs-hwqueue-other-area, v8,                   1 0, FAIL, notify-leaked-ref",
        "unmap-mdev-area-vs-hwqueue-other-area, upstream,             1 0, FAIL, notify-leaked-ref",
        "unmap-mdev-area-vs-hwqueue-other-area, v8,                   0 1, OK,   both-succeeded",
        "unmap-vs-access-replace,               broken-change-ioas-no-unmap, 1 0, FAIL, deadlock",
        "unmap-vs-hwqueue-teardown,             baseline,             0 1, FAIL, deadlock",
        "unmap-vs-hwqueue-teardown,             v8,                   0 1, OK,   refused-while-locked",
        "unmap-vs-hwqueue-alloc-same-area,      baseline,             1 0, FAIL, deadlock",
        "pin-vs-detach-same-access,             broken-change-ioas-no-unmap, 0 1, FAIL, pins-left",
        "internal-attach-vs-unmap,              v7,                   1 0, FAIL, rejected-legal-unmap",
        "internal-attach-vs-unmap,              v8,                   1 0, FAIL, notify-leaked-ref",
        "internal-pin-vs-internal-pin,          baseline,             0 1, FAIL, lost-lock",
        "internal-pin-vs-internal-pin,          broken-racy-num-locks, 0 1, OK,  still-locked",
        "unmap-vs-unmap-mdev-area,              broken-notify-inverted-skip, 0 1, FAIL, deadlock",
        "unmap-vs-unmap-mdev-area,              broken-bug-on-accesses, 0 1, FAIL, oops",
        "unmap-vs-mdev-close,                   broken-notify-under-iova-rwsem, 0 1, FAIL, deadlock",
        "unmap-vs-internal-pin-other-area,      broken-scan-locks-accesses, 1 0, FAIL, lockdep-inversion",
    })
    void failuresThatNeedNoRace(final String scenario, final String design, final String order, final String verdict,
        final String label)
    {
        final int[] o = Stream.of(order.split(" ")).mapToInt(Integer::parseInt).toArray();

        final Outcome outcome = Sequential.run(Scenarios.byId(scenario), Designs.byName(design), o);

        assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(verdict);
        assertThat(outcome.label()).as(outcome.toString()).isEqualTo(label);
        assertThat(org.ioptstress.kernel.Lockdep.depthOfCurrentThread()).as("an oops or a hang leaves this thread clean")
            .isZero();
    }
}

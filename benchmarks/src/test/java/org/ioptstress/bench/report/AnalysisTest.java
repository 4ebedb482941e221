package org.ioptstress.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.ioptstress.bench.report.JmhResults.Metric;
import org.junit.jupiter.api.Test;

class AnalysisTest
{
    private static Metric m(final double score, final double error)
    {
        return new Metric(score, error, "ns/op", 10);
    }

    @Test
    void ratioPropagatesBothRelativeErrors()
    {
        final Stats.Ratio r = Stats.ratio(m(200, 6), m(100, 4));
        assertThat(r.value()).isEqualTo(2.0);
        assertThat(r.error()).isCloseTo(2.0 * Math.sqrt(0.03 * 0.03 + 0.04 * 0.04), within(1e-12));
        assertThat(Stats.ratio(null, m(1, 0))).isNull();
        assertThat(Stats.ratio(m(1, Double.NaN), m(1, Double.NaN)).error()).isNaN();
    }

    @Test
    void medianRatioIgnoresOneBurst()
    {
        final Metric a = new Metric(0, 0, "ns/op", 5, JmhResults.median(List.of(20.0, 21.0, 90.0, 20.5, 19.5)));
        final Metric b = new Metric(0, 0, "ns/op", 4, JmhResults.median(List.of(10.0, 11.0, 9.0, 10.0)));
        assertThat(a.median()).isEqualTo(20.5);
        assertThat(b.median()).isEqualTo(10.0);
        assertThat(Stats.medianRatio(a, b)).isEqualTo(2.05);
        assertThat(Stats.medianRatio(a, m(1, 0))).isNaN();
    }

    /** Per-fork iteration scores whose fastest are 0.99 x the given values (a burst in each fork's last one). */
    private static Metric forks(final double... medians)
    {
        final List<List<Double>> forks = new java.util.ArrayList<>();
        for (final double m : medians)
        {
            forks.add(List.of(m * 0.99, m, m * 1.01, m * 1.02, m * 5));
        }
        return Metric.ofForks("ns/op", forks);
    }

    @Test
    void pairedRatioIsTheGeometricMeanOfPerForkRatiosWithAStudentInterval()
    {
        /* per-fork ratios 2.0, 2.2, 1.8: logs 0.69315, 0.78846, 0.58779; mean 0.68980, sd 0.10038; t(0.975, 2) =
         * 4.30265 -> half-width 0.24936 */
        final Stats.Paired p = Stats.paired(forks(20, 44, 36), forks(10, 20, 20));
        assertThat(p.pairs()).isEqualTo(3);
        assertThat(p.value()).isCloseTo(Math.cbrt(2.0 * 2.2 * 1.8), within(1e-12));
        assertThat(p.value()).isCloseTo(1.99331, within(1e-5));
        assertThat(p.low()).isCloseTo(Math.exp(0.68980 - 0.24936), within(1e-4));
        assertThat(p.high()).isCloseTo(Math.exp(0.68980 + 0.24936), within(1e-4));
        assertThat(p.excludesOne()).isTrue();
        /* the burst (5x) in one iteration of every fork moves the mean, not the paired ratio */
        assertThat(forks(20).score()).isGreaterThan(1.7 * 20);
        /* each fork counts its fastest iteration: 10 / 5, whatever the slower ones */
        final Metric slowStart = Metric.ofForks("ns/op", List.of(List.of(30.0, 10.0, 12.0), List.of(31.0, 10.0, 11.0)));
        final Metric steady = Metric.ofForks("ns/op", List.of(List.of(5.0, 6.0, 5.5), List.of(5.0, 5.0, 7.0)));
        assertThat(Stats.paired(slowStart, steady).value()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void pairedRatioNearOneDoesNotExcludeIt()
    {
        final Stats.Paired p = Stats.paired(forks(9, 11, 10, 10.5), forks(10, 10, 10, 10));
        assertThat(p.value()).isCloseTo(Math.pow(0.9 * 1.1 * 1.0 * 1.05, 0.25), within(1e-12));
        assertThat(p.low()).isLessThan(1.0);
        assertThat(p.high()).isGreaterThan(1.0);
        assertThat(p.excludesOne()).isFalse();
        /* fewer forks on one side: only the pairs that exist */
        assertThat(Stats.paired(forks(20, 22, 99), forks(10, 10)).pairs()).isEqualTo(2);
        /* one pair: a value, no interval */
        final Stats.Paired one = Stats.paired(forks(30), forks(10));
        assertThat(one.value()).isCloseTo(3.0, within(1e-12));
        assertThat(one.low()).isNaN();
        assertThat(one.excludesOne()).isFalse();
        /* no per-fork data (an older results file): no paired ratio */
        assertThat(Stats.paired(m(2, 0), m(1, 0))).isNull();
        assertThat(Stats.paired(null, forks(1))).isNull();
    }

    @Test
    void pairedIntervalNarrowsWithTheSpreadOfTheRatiosNotOfTheScores()
    {
        /* both designs slow down together (load) from fork to fork: every ratio is exactly 2, the interval has no
         * width, although each design's own scores spread by a factor of 3 */
        final Stats.Paired p = Stats.paired(forks(20, 40, 60), forks(10, 20, 30));
        assertThat(p.value()).isCloseTo(2.0, within(1e-12));
        assertThat(p.high() - p.low()).isCloseTo(0.0, within(1e-12));
        assertThat(p.excludesOne()).isTrue();
    }

    @Test
    void fastestForksRatioIgnoresAnEpisodeThatSlowsWholeForksOfOneSide()
    {
        /* v7's forks 2 and 3 fall in a slow episode (1.5x) that v8 does not feel: the paired ratio moves, the
         * ratio of the fastest forks does not */
        final Metric v7 = forks(400, 600, 600, 410);
        final Metric v8 = forks(40, 41, 40, 40);
        assertThat(Stats.paired(v7, v8).value()).isGreaterThan(11.5);
        assertThat(Stats.fastestForks(v7, v8).value()).isCloseTo(10.0, within(1e-12));
        assertThat(Stats.fastestForks(m(2, 0), m(1, 0))).isNull();
        assertThat(Stats.fastestForks(null, v8)).isNull();
    }

    @Test
    void fastestForksIntervalIsTheExactBootstrapOverEachSidesForks()
    {
        /* the minimum of m forks drawn again with replacement from n is the k-th fastest with probability
         * ((n-k+1)/n)^m - ((n-k)/n)^m; half the forks (m = 2 of 4): 0.4375 0.3125 0.1875 0.0625 */
        assertThat(Stats.half(4)).isEqualTo(2);
        assertThat(Stats.half(5)).isEqualTo(3);
        final double[] p4 = Stats.minimumOfResample(4, 2);
        assertThat(p4).containsExactly(new double[] {0.4375, 0.3125, 0.1875, 0.0625}, within(1e-12));
        assertThat(Stats.minimumOfResample(4, 4)[0]).isCloseTo(1 - Math.pow(0.75, 4), within(1e-12));
        /* v7: two fast forks (fastest iterations 396, 405.9) and two in an episode (594); v8: 39.6 three times and
         * 40.59. Neither fast fork is drawn again with probability (2/4)^2 = 25%: the interval reaches the slow
         * level, 594 / 39.6 = 15; its low end, 396 / 40.59 = 9.76 (v7's fastest fork against v8's slowest, 2.7%) */
        final Stats.Fastest episode = Stats.fastestForks(forks(400, 600, 600, 410), forks(40, 41, 40, 40));
        assertThat(episode.value()).isCloseTo(10.0, within(1e-12));
        assertThat(episode.low()).isCloseTo(396 / 40.59, within(1e-12));
        assertThat(episode.high()).isCloseTo(15.0, within(1e-12));
        assertThat(episode.excludesOne()).isTrue();
        assertThat(episode.forks()).isEqualTo(4);
        assertThat(episode.referenceForks()).isEqualTo(4);
        /* with eight fast forks of ten (the campaign's count at 256 accesses), drawing 5 and missing all of them has
         * probability (2/10)^5 = 0.03%: the slow level leaves the interval, whose high end is the 6th fastest fork
         * (cumulative 96.9% at the 5th) */
        final Stats.Fastest ten = Stats.fastestForks(forks(400, 401, 402, 403, 404, 405, 406, 407, 600, 600),
            forks(40, 40, 40, 40, 40, 40, 40, 40, 40, 40));
        assertThat(ten.value()).isCloseTo(10.0, within(1e-12));
        assertThat(ten.low()).isCloseTo(10.0, within(1e-12));
        assertThat(ten.high()).isCloseTo(405.0 / 40, within(1e-12));
        /* two designs that do not differ: the interval holds 1 */
        final Stats.Fastest same = Stats.fastestForks(forks(100, 103, 98, 101, 99), forks(99, 100, 102, 101, 100));
        assertThat(same.low()).isLessThan(1.0);
        assertThat(same.high()).isGreaterThan(1.0);
        assertThat(same.excludesOne()).isFalse();
        /* one fork on each side: a value, no interval */
        final Stats.Fastest one = Stats.fastestForks(forks(30), forks(10));
        assertThat(one.value()).isCloseTo(3.0, within(1e-12));
        assertThat(one.low()).isNaN();
        assertThat(one.excludesOne()).isFalse();
    }

    @Test
    void ofForksAgreesWithJmhsOwnStatistics()
    {
        final List<List<Double>> raw = List.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(6.0, 7.0, 8.0, 9.0, 10.0));
        final Metric merged = Metric.ofForks("ns/op", raw);
        final org.openjdk.jmh.util.ListStatistics jmh = new org.openjdk.jmh.util.ListStatistics(
            new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(merged.score()).isEqualTo(5.5);
        assertThat(merged.error()).isCloseTo(jmh.getMeanErrorAt(0.999), within(1e-9));
        assertThat(merged.samples()).isEqualTo(10);
        assertThat(merged.median()).isEqualTo(5.5);
        assertThat(merged.forks()).isEqualTo(raw);
    }

    @Test
    void fitFindsSlopeAndIntercept()
    {
        final Stats.Fit fit = Stats.fit(List.of(0.0, 1.0, 4.0, 16.0), List.of(20.0, 21.5, 26.0, 44.0));
        assertThat(fit.slope()).isCloseTo(1.5, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(20.0, within(1e-9));
        assertThat(Stats.fit(List.of(1.0), List.of(2.0))).isNull();
    }

    @Test
    void crossoverIsWhereTheIntervalsSeparateForGood()
    {
        final List<String> xs = List.of("0", "1", "4", "16", "64");
        final List<Metric> ref = List.of(m(20, 1), m(20, 1), m(20, 1), m(20, 1), m(20, 1));
        /* overlapping at 0 and 1, above from 4, except a dip at 16 that overlaps again */
        final List<Metric> dip = List.of(m(21, 1), m(21.5, 1), m(25, 1), m(22, 1.5), m(60, 2));
        assertThat(Stats.crossover(xs, dip, ref)).isEqualTo("64");
        final List<Metric> scan = List.of(m(21, 1), m(21.5, 1), m(25, 1), m(40, 1.5), m(90, 2));
        assertThat(Stats.crossover(xs, scan, ref)).isEqualTo("4");
        final List<Metric> same = List.of(m(20, 1), m(20, 1), m(20, 1), m(20, 1), m(21, 1));
        assertThat(Stats.crossover(xs, same, ref)).isNull();
    }

    @Test
    void doublingPointIsInterpolated()
    {
        final List<String> xs = List.of("0", "16", "64");
        final List<Metric> ref = List.of(m(10, 0), m(10, 0), m(10, 0));
        assertThat(Stats.reaches(xs, List.of(m(11, 0), m(15, 0), m(35, 0)), ref, 2.0)).isCloseTo(28.0, within(1e-9));
        assertThat(Stats.reaches(xs, List.of(m(25, 0), m(30, 0), m(35, 0)), ref, 2.0)).isEqualTo(0.0);
        assertThat(Stats.reaches(xs, List.of(m(11, 0), m(12, 0), m(13, 0)), ref, 2.0)).isNaN();
    }
}

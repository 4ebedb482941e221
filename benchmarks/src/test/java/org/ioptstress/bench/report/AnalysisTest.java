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
        final Analysis.Ratio r = Analysis.ratio(m(200, 6), m(100, 4));
        assertThat(r.value()).isEqualTo(2.0);
        assertThat(r.error()).isCloseTo(2.0 * Math.sqrt(0.03 * 0.03 + 0.04 * 0.04), within(1e-12));
        assertThat(Analysis.ratio(null, m(1, 0))).isNull();
        assertThat(Analysis.ratio(m(1, Double.NaN), m(1, Double.NaN)).error()).isNaN();
    }

    @Test
    void medianRatioIgnoresOneBurst()
    {
        final Metric a = new Metric(0, 0, "ns/op", 5, JmhResults.median(List.of(20.0, 21.0, 90.0, 20.5, 19.5)));
        final Metric b = new Metric(0, 0, "ns/op", 4, JmhResults.median(List.of(10.0, 11.0, 9.0, 10.0)));
        assertThat(a.median()).isEqualTo(20.5);
        assertThat(b.median()).isEqualTo(10.0);
        assertThat(Analysis.medianRatio(a, b)).isEqualTo(2.05);
        assertThat(Analysis.medianRatio(a, m(1, 0))).isNaN();
    }

    @Test
    void fitFindsSlopeAndIntercept()
    {
        final Analysis.Fit fit = Analysis.fit(List.of(0.0, 1.0, 4.0, 16.0), List.of(20.0, 21.5, 26.0, 44.0));
        assertThat(fit.slope()).isCloseTo(1.5, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(20.0, within(1e-9));
        assertThat(Analysis.fit(List.of(1.0), List.of(2.0))).isNull();
    }

    @Test
    void crossoverIsWhereTheIntervalsSeparateForGood()
    {
        final List<String> xs = List.of("0", "1", "4", "16", "64");
        final List<Metric> ref = List.of(m(20, 1), m(20, 1), m(20, 1), m(20, 1), m(20, 1));
        /* overlapping at 0 and 1, above from 4, except a dip at 16 that overlaps again */
        final List<Metric> dip = List.of(m(21, 1), m(21.5, 1), m(25, 1), m(22, 1.5), m(60, 2));
        assertThat(Analysis.crossover(xs, dip, ref)).isEqualTo("64");
        final List<Metric> scan = List.of(m(21, 1), m(21.5, 1), m(25, 1), m(40, 1.5), m(90, 2));
        assertThat(Analysis.crossover(xs, scan, ref)).isEqualTo("4");
        final List<Metric> same = List.of(m(20, 1), m(20, 1), m(20, 1), m(20, 1), m(21, 1));
        assertThat(Analysis.crossover(xs, same, ref)).isNull();
    }

    @Test
    void doublingPointIsInterpolated()
    {
        final List<String> xs = List.of("0", "16", "64");
        final List<Metric> ref = List.of(m(10, 0), m(10, 0), m(10, 0));
        assertThat(Analysis.reaches(xs, List.of(m(11, 0), m(15, 0), m(35, 0)), ref, 2.0)).isCloseTo(28.0, within(1e-9));
        assertThat(Analysis.reaches(xs, List.of(m(25, 0), m(30, 0), m(35, 0)), ref, 2.0)).isEqualTo(0.0);
        assertThat(Analysis.reaches(xs, List.of(m(11, 0), m(12, 0), m(13, 0)), ref, 2.0)).isNaN();
    }
}

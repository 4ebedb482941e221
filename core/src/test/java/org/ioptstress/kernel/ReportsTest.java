package org.ioptstress.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** dmesg per kernel: counts, a stable token of the kinds that fired, a bounded list of reports. */
class ReportsTest
{
    private final Kernel kernel = new Kernel();
    private final Reports reports = kernel.reports();

    @Test
    void warnOnRecordsAndReturnsItsCondition()
    {
        assertThat(kernel.warnOn(false, "fine")).isFalse();
        assertThat(reports.isEmpty()).isTrue();
        assertThat(reports.kindsToken()).isEqualTo("none");
        assertThat(reports).hasToString("no reports");
        assertThat(kernel.warnOn(true, "iopt_unmap_iova_range: not completing")).isTrue();
        assertThat(reports.count(Report.Kind.WARN)).isEqualTo(1);
        final Report report = reports.list().get(0);
        assertThat(report.message()).isEqualTo("iopt_unmap_iova_range: not completing");
        assertThat(report.toString()).startsWith("WARN iopt_unmap_iova_range: not completing at ");
    }

    @Test
    void kindsTokenIsInEnumOrderWithoutCounts()
    {
        reports.add(Report.Kind.HUNG_TASK, "h");
        reports.add(Report.Kind.WARN, "w1");
        reports.add(Report.Kind.WARN, "w2");
        reports.add(Report.Kind.LEAK, "l");
        assertThat(reports.kindsToken()).isEqualTo("WARN+LEAK+HUNG_TASK");
        assertThat(reports.total()).isEqualTo(4);
        assertThat(reports.counts()).isEqualTo(Map.of(Report.Kind.WARN, 2, Report.Kind.LEAK, 1, Report.Kind.HUNG_TASK, 1));
        reports.clear();
        assertThat(reports.isEmpty()).isTrue();
        assertThat(reports.list()).isEmpty();
    }

    @Test
    void keepsABoundedListButCountsEverything()
    {
        for (int i = 0; i != 1000; i++)
        {
            reports.add(Report.Kind.WARN, "w" + i);
        }
        assertThat(reports.count(Report.Kind.WARN)).isEqualTo(1000);
        assertThat(reports.list()).hasSize(256);
        reports.add(Report.Kind.LEAK, "kept: the bound is per kind");
        assertThat(reports.list()).hasSize(257);
    }

    @Test
    void errnoNames()
    {
        assertThat(Errno.name(0)).isEqualTo("0");
        assertThat(Errno.name(7)).as("ids and counts stay numbers").isEqualTo("7");
        assertThat(Errno.name(-Errno.EBUSY)).isEqualTo("-EBUSY");
        assertThat(Errno.name(-Errno.EDEADLOCK)).isEqualTo("-EDEADLOCK");
        assertThat(Errno.name(-999)).isEqualTo("-E999");
    }
}

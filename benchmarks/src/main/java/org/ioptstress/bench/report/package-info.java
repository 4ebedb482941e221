/**
 * {@code ./iopt-stress bench}: plans the JMH runs from the {@link org.ioptstress.bench.report.Catalog} (figures,
 * their designs from the registry, their sweeps), runs them, and renders the report (tables, ratios to v8 and to
 * the floor, plots). No kernel code here.
 *
 * <p>Running: {@code BenchCampaign} (command line, rendering), {@code BenchPlan} (what runs, as which JMH runs),
 * {@code BenchRun} (JMH, one run at a time), {@code BenchProgress} (the progress line). Analysing:
 * {@code JmhResults} (JMH's JSON), {@code Analysis} (lookups, headlines), {@code Stats} (ratios, paired forks,
 * fits, crossovers). Building: {@code ReportBuilder} (the document, its header, errors, outcomes, summary) over
 * the sections {@code SweptFigure}, {@code UnsweptFigure}, {@code Allocation}, {@code HeadlineTables}
 * ({@code Section}: what they share), {@code Cells} (number formats), {@code Charts}; the document model is stress-tests' {@code org.ioptstress.stress.support.doc.Doc}, shared with the campaign report.
 */
package org.ioptstress.bench.report;

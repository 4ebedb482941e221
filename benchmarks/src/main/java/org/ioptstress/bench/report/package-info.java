/**
 * {@code ./iopt-stress bench}: plans the JMH runs from the {@link org.ioptstress.bench.report.Catalog} (figures,
 * their designs from the registry, their sweeps), runs them, and renders the report (tables, ratios to v8 and to
 * the floor, plots). No kernel code here.
 */
package org.ioptstress.bench.report;

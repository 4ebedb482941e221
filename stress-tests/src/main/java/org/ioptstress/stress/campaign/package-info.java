/**
 * {@code ./iopt-stress campaign}: every (scenario, registered design) pair through jcstress and the model checker,
 * judged against {@code expected-verdicts.properties}, written as one report (Markdown, HTML, JSON), shardable
 * and resumable. No kernel code here.
 *
 * <p>Beyond one process: {@code Shard} (the plan), {@code Progress} (units.json), {@code Merge} (the merge's
 * command line), {@code Part} (a shard's result directory: found, chained with its resume parts, checked, copied),
 * {@code MergedReport} (the report of the parts, read from their raw results as a single run reads its own),
 * {@code Resume} ({@code --resume DIR}). {@code ListCommand}: {@code ./iopt-stress list}.
 */
package org.ioptstress.stress.campaign;

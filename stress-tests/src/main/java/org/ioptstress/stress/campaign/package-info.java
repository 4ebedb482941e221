/**
 * {@code ./iopt-stress campaign}: every (scenario, registered design) pair through jcstress and the model checker,
 * judged against {@code expected-verdicts.properties}, written as one report (Markdown, HTML, JSON), shardable
 * and resumable. No kernel code here.
 *
 * <p>One run: {@link org.ioptstress.stress.campaign.Campaign} plans the pairs and drives one
 * {@link org.ioptstress.stress.campaign.EngineRunner} per engine, which fill in a
 * {@link org.ioptstress.stress.campaign.TestVerdict} per pair; the {@link org.ioptstress.stress.campaign.Judge}
 * turns them into immutable {@link org.ioptstress.stress.campaign.PairVerdict}s; the
 * {@link org.ioptstress.stress.campaign.ReportWriter} renders one document of them to Markdown and HTML.
 *
 * <p>Beyond one process: {@code Shard} (the plan), {@code Progress} (units.json), {@code Merge} (the merge's
 * command line), {@code Part} (a shard's result directory: found, chained with its resume parts, checked, copied),
 * {@code MergedReport} (the report of the parts, read from their raw results as a single run reads its own),
 * {@code Resume} ({@code --resume DIR}). {@code ListCommand}: {@code ./iopt-stress list}.
 */
package org.ioptstress.stress.campaign;

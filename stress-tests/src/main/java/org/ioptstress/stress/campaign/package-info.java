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
 */
package org.ioptstress.stress.campaign;

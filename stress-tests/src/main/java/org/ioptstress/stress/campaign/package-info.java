/**
 * {@code ./iopt-stress campaign}: every (scenario, registered design) pair through jcstress and the model checker,
 * judged against {@code expected-verdicts.properties}, written as one report (Markdown, HTML, JSON), shardable
 * and resumable. No kernel code here.
 */
package org.ioptstress.stress.campaign;

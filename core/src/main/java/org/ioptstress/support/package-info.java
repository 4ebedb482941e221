/**
 * What every report and long run of the project shares and that is not the kernel port: the facts about the
 * machine, JVM and checkout a report states ({@link org.ioptstress.support.Machine}) and the live status line of
 * long work ({@link org.ioptstress.support.ProgressLine}). Plain JDK, no dependency, used by stress-tests and
 * benchmarks alike; nothing here ports kernel code.
 */
package org.ioptstress.support;

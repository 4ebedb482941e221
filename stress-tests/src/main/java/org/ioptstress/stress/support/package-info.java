/**
 * Shared by the suite's commands (campaign, merge, model-check, explore) and depending on none of them, so no
 * package cycle goes through it: the one JSON stack ({@link org.ioptstress.stress.support.Json}, Gson), picocli
 * parsing with one-line refusals ({@link org.ioptstress.stress.support.Cli}) and option values
 * ({@link org.ioptstress.stress.support.CliArgs}); the reports' one document model is in {@code support.doc}.
 */
package org.ioptstress.stress.support;

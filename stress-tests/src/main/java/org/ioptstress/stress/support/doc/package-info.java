/**
 * One document model for every report the project writes ({@link org.ioptstress.stress.support.doc.Doc}): a
 * report is built once as blocks and rendered once to GitHub Markdown and once to a self-contained HTML page, so
 * the two can never say different things. Used by the campaign report and the bench report.
 */
package org.ioptstress.stress.support.doc;

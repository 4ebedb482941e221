/**
 * Build-time generation of the jcstress suite: an annotation processor writes one class per scenario with one
 * nested {@code @JCStressTest} per registered design, so a design added to the registry is raced with no other
 * edit. {@code src/test/resources/golden/} holds one generated class, compared on every test run.
 */
package org.ioptstress.stress.gen;

/**
 * The explorer: generated programs of ioctls (ioas.c, device.c, viommu.c, selftest.c) run sequentially and
 * concurrently on every registered design, judged by oracles against a reference design, each finding shrunk to
 * a minimal reproducer (a JUnit test or a C selftest).
 */
package org.ioptstress.stress.explore;

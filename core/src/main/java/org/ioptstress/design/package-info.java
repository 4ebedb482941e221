/**
 * The designs: each version of the internal-access series (and candidate fixes, and deliberately broken negative
 * controls) as one small class overriding the {@link org.ioptstress.iommufd.Design} hooks its patch changes.
 * A design takes no lock of its own: a hook runs under the locks its kernel function holds at that point (each
 * hook's comment says which), and asserts them with {@code lockdep_assert_held} where the kernel does.
 *
 * <p>{@link org.ioptstress.design.Designs} is the registry: the classes listed in
 * {@code META-INF/services/org.ioptstress.iommufd.Design}, ordered by role (real patch, candidate fix, negative
 * control). Real patches: {@link org.ioptstress.design.Baseline} (before the series),
 * {@link org.ioptstress.design.V7} ([PATCH v7 10/28]), {@link org.ioptstress.design.V7Hoisted},
 * {@link org.ioptstress.design.V8} (27b77ea5), {@link org.ioptstress.design.Upstream} (+ afb47765, 8602018b).
 */
package org.ioptstress.design;

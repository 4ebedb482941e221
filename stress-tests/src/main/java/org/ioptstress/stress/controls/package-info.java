/**
 * The stress suite's own negative controls: {@code upstream-notify-fix} with one deliberate bug each, for a
 * scenario or a detector (lockdep's inversion, a deadlock through a callback, an oops holding
 * {@code iova_rwsem}) no real design trips. They are registered in this module's
 * {@code META-INF/services/org.ioptstress.iommufd.Design}; each extends {@link SuiteControl}, which says once that
 * it is a NEGATIVE_CONTROL and {@code suiteOnly()}: the registry adds them wherever the suite is on the class path,
 * core's tests never see them.
 */
package org.ioptstress.stress.controls;

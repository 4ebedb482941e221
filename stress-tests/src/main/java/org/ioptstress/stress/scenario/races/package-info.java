/**
 * The races, one class each, named after the two (or three) operations that race: IOMMU_IOAS_UNMAP
 * (ioas.c, io_pagetable.c's iopt_unmap_iova_range()), an internal pin or a HW queue's alloc and destroy
 * (viommu.c, device.c), an emulated device's pin, close and IOAS replace (selftest.c, device.c). Each names
 * its negative controls (designs it must FAIL on) and, where it widens a window, the
 * {@code org.ioptstress.kernel.DelayPoint} that stands for the kernel's lock drop there.
 */
package org.ioptstress.stress.scenario.races;

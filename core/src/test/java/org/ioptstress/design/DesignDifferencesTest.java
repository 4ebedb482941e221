package org.ioptstress.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ioptstress.iommufd.Fixture.MOCK_APERTURE_START;
import static org.ioptstress.iommufd.Fixture.P;
import static org.ioptstress.kernel.Errno.EBUSY;
import static org.ioptstress.kernel.Errno.EDEADLOCK;
import static org.ioptstress.kernel.Errno.ENOENT;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.collections.MutableLong;
import org.ioptstress.fixture.EmulatedDriver;
import org.ioptstress.iommufd.Access;
import org.ioptstress.iommufd.Design;
import org.ioptstress.iommufd.Fixture;
import org.ioptstress.iommufd.Ioas;
import org.ioptstress.iommufd.IoptArea;
import org.ioptstress.iommufd.ObjType;
import org.ioptstress.kernel.DelayPoint;
import org.ioptstress.kernel.Kernel;
import org.ioptstress.kernel.KernelOops;
import org.ioptstress.kernel.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the designs part ways, single-threaded and deterministic (the races between them are the stress
 * suite's). Each test runs every design and states per design what it must do, through {@link DesignTraits}.
 */
class DesignDifferencesTest
{
    private static final long X = MOCK_APERTURE_START;
    private static final long Y = MOCK_APERTURE_START + 8 * P;

    /**
     * IOAS with an emulated device pinning area X and a HW queue pinning area Y; IOMMU_IOAS_UNMAP of X.
     * <ul>
     * <li>baseline: 0. The queue's ordinary access is notified too; its callback has nothing to unpin in X.</li>
     * <li>v7, v7-hoisted: -EBUSY although X is not the queue's (the check is per IOAS), and the device is never
     * asked to unpin.</li>
     * <li>v8, upstream: 0, but notify_unmap skips the internal access only after iommufd_lock_obj() took a
     * users/wait_cnt reference, and never puts it. Destroying the queue then waits for wait_cnt (the kernel:
     * 60 s; here 0.1 s), gives up (HUNG_TASK, WARN from iommufd_object_destroy_user()), and the internal access
     * outlives the queue: fops_release cannot free it (WARN) and the close finds it (LEAK).</li>
     * <li>upstream-notify-fix: checks is_internal before lock_obj, so 0 and nothing leaks.</li>
     * </ul>
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void mdevUnmapWhileHwQueuePinsAnotherArea(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, X, 0, 4 * P);
        f.map(ioas, Y, 8 * P, 4 * P);
        final int fd = f.mdev(ioas);
        final int item = f.pin(fd, X, P);
        final int queue = f.hwQueue(viommu, 0, Y, P);
        final Access queueAccess = f.queueAccess(queue);

        final int rc = f.ctx.ioasUnmap(ioas, X, 4 * P);
        if (t.overRejects())
        {
            assertThat(rc).as("legal unmap refused").isEqualTo(-EBUSY);
            assertThat(f.ctx.testDestroyAccessPages(fd, item)).as("the device was never told to unpin").isZero();
            assertThat(f.unmap(ioas, X, 4 * P)).as("X unmaps once the device let go of it").isEqualTo(4 * P);
        }
        else
        {
            assertThat(rc).isZero();
            assertThat(f.ctx.testDestroyAccessPages(fd, item)).as("unpinned by the notify").isEqualTo(-ENOENT);
        }
        assertThat(queueAccess.waitCnt()).as("wait_cnt of the queue's access").isEqualTo(t.leaksNotifyRef() ? 2 : 1);

        assertThat(f.ctx.destroy(queue)).as("the queue object itself always goes").isZero();
        assertThat(f.kernel.reports().count(Report.Kind.HUNG_TASK)).isEqualTo(t.leaksNotifyRef() ? 1 : 0);
        assertThat(f.ctx.objectCount(ObjType.ACCESS)).as("accesses left: the device's, and a leaked internal one")
            .isEqualTo(t.leaksNotifyRef() ? 2 : 1);
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeExpecting(t.leaksNotifyRef() ? "WARN+LEAK+HUNG_TASK" : "none");
    }

    /**
     * The HW queue is destroyed while notify_unmap() holds a reference on the queue's access with xa_lock dropped
     * (forced from the notify window: the destroy runs on another thread until it sleeps in
     * iommufd_object_dec_wait() on that reference). Only upstream-notify-lock-then-put takes such a reference on
     * an internal access and puts it: the put drops wait_cnt to 0 and wakes {@code &access->ictx->destroy_wait}
     * through NULL, an oops in iommufd_put_object(). The unmapping task dies there; the destroyer, never woken,
     * finds wait_cnt at 0 when its wait times out and completes. No other design holds an internal access in
     * that window (v7, v7-hoisted refuse the unmap; v8, upstream keep the reference they skip with, as above;
     * the rest skip before lock_obj); baseline's queue access is an ordinary one, put through its own ictx.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void queueDestroyedWhileNotifyHoldsItsAccess(final Design design) throws InterruptedException
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, X, 0, 4 * P);
        f.map(ioas, Y, 8 * P, 4 * P);
        final int fd = f.mdev(ioas);
        f.pin(fd, X, P);
        final int queue = f.hwQueue(viommu, 0, Y, P);
        final Access queueAccess = f.queueAccess(queue);
        final AtomicInteger destroyRc = new AtomicInteger(1);
        final Thread[] destroyer = new Thread[1];
        f.kernel.hookDelay(DelayPoint.NOTIFY_CALLBACK_WINDOW, () ->
        {
            if (destroyer[0] != null || queueAccess.waitCnt() != 2)
            {
                return; /* the window of another access: notify does not hold the queue's */
            }
            destroyer[0] = new Thread(() -> destroyRc.set(f.ctx.destroy(queue)), "IOMMU_DESTROY(queue)");
            destroyer[0].start();
            /* until iommufd_object_dec_wait() dropped the table's wait_cnt and sleeps on notify's */
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queueAccess.waitCnt() != 1 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        });

        final int[] rc = {1};
        final Throwable thrown = Fixture.onOwnTask(() -> rc[0] = f.ctx.ioasUnmap(ioas, X, 4 * P));
        f.kernel.hookDelay(DelayPoint.NOTIFY_CALLBACK_WINDOW, null);
        assertThat(destroyer[0] != null).as("the queue was destroyed inside the notify window")
            .isEqualTo(!t.internalAccess() || t.putsThroughNullIctx());
        if (destroyer[0] != null)
        {
            destroyer[0].join();
            assertThat(destroyRc.get()).as("IOMMU_DESTROY of the queue").isZero();
        }
        if (t.putsThroughNullIctx())
        {
            assertThat(thrown).as("the unmapping task oopses").isInstanceOf(KernelOops.class);
            assertThat(f.kernel.reports().list()).filteredOn(r -> r.kind() == Report.Kind.NULL_DEREF)
                .singleElement().satisfies(r -> assertThat(r.message())
                    .startsWith("null-ptr-deref: access->ictx in iommufd_put_object()"));
            assertThat(f.ctx.objectCount(ObjType.ACCESS)).as("the internal access went after the timeout").isEqualTo(1);
            assertThat(f.ctx.closeFd(fd)).isZero();
            f.closeExpecting("NULL_DEREF");
            return;
        }
        assertThat(thrown).isNull();
        assertThat(rc[0]).isEqualTo(t.overRejects() ? -EBUSY : 0);
        if (destroyer[0] == null)
        {
            assertThat(f.ctx.destroy(queue)).isZero();
        }
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeExpecting(t.leaksNotifyRef() ? "WARN+LEAK+HUNG_TASK" : "none");
    }

    /**
     * An internal access attached while notify_unmap runs (here: from inside the device's callback, where the
     * notify loop has dropped xa_lock). v7 scanned for internal accesses before the loop and v7-hoisted at the
     * top of the pass, so their loop reaches the new access and calls its NULL ops->unmap: an oops, the
     * unmapping task dies holding the reference lock_obj took, and the access's destroy then times out. v8 and upstream skip it but leak the reference lock_obj took (see above); upstream-notify-fix
     * skips it cleanly. Baseline has no internal access.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void internalAccessAttachedDuringNotify(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        if (!t.internalAccess())
        {
            f.closeClean();
            return;
        }
        final int ioas = f.ioas();
        f.map(ioas, X, 0, 4 * P);
        final EmulatedDriver mdev = EmulatedDriver.create(f.ctx);
        assertThat(mdev.access().attach(ioas)).isZero();
        assertThat(mdev.pin(X, P, 0)).isZero();
        final Access[] late = new Access[1];
        mdev.inCallback = (d, iova, length) ->
        {
            if (late[0] == null)
            {
                late[0] = Access.createInternal(f.ctx);
                final Ioas obj = f.ctx.getIoas(ioas);
                assertThat(late[0].attachInternal(obj)).isZero();
                f.ctx.putObject(obj);
            }
        };

        final int[] rc = {1};
        final Throwable oops = Fixture.onOwnTask(() -> rc[0] = f.ctx.ioasUnmap(ioas, X, 4 * P));
        if (t.notifiesLateInternal())
        {
            assertThat(oops).as("access->ops->unmap through NULL ops: the unmapping task dies")
                .isInstanceOf(KernelOops.class).hasMessageStartingWith("null-ptr-deref: access->ops->unmap");
        }
        else
        {
            assertThat(oops).isNull();
            assertThat(rc[0]).isZero();
        }
        assertThat(f.kernel.reports().count(Report.Kind.NULL_DEREF)).as("ops->unmap of the late internal access")
            .isEqualTo(t.notifiesLateInternal() ? 1 : 0);
        /* the dead task never puts the reference it took: as leaked as v8's */
        final boolean refLeft = t.leaksNotifyRef() || t.notifiesLateInternal();
        assertThat(late[0].waitCnt()).isEqualTo(refLeft ? 2 : 1);

        late[0].detach();
        Access.destroyInternal(f.ctx, late[0]);
        mdev.access().detach();
        mdev.access().destroy();
        f.closeExpecting(t.notifiesLateInternal() ? "WARN+NULL_DEREF+LEAK+HUNG_TASK"
            : t.leaksNotifyRef() ? "WARN+LEAK+HUNG_TASK" : "none");
    }

    /**
     * afb47765: an unmap of an empty range is -ENOENT inside io_pagetable.c before it, 0 after it (the ioctl
     * turns it into -ENOENT, so IOAS_UNMAP users see no change); unmap-all of an empty IOAS is 0 on both.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void emptyRangeUnmap(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final MutableLong unmapped = new MutableLong(-1);
        assertThat(f.iopt(ioas).unmapIova(X, P, unmapped)).isEqualTo(t.emptyRangeIsZeroInIopt() ? 0 : -ENOENT);
        assertThat(unmapped.get()).isZero();
        assertThat(f.iopt(ioas).unmapAll(unmapped)).isZero();
        assertThat(f.ctx.ioasUnmap(ioas, X, P)).isEqualTo(-ENOENT);
        assertThat(f.ctx.ioasUnmap(ioas, 0, Kernel.ULONG_MAX)).isZero();
        f.closeClean();
    }

    /**
     * num_locks counts pins by internal accesses only, on the whole area, and shares the pages-access record
     * with an emulated device pinning the same range; v7 and baseline have no num_locks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void numLocksCountsInternalPinsOnly(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        final int viommu = f.viommu(ioas);
        f.map(ioas, Y, 8 * P, 4 * P);
        final int fd = f.mdev(ioas);
        final int item = f.pin(fd, Y + P, P);
        final IoptArea area = f.area(ioas, Y);
        assertThat(area.numLocks()).isZero();
        final int queue = f.hwQueue(viommu, 0, Y + P, P);
        assertThat(area.numAccesses()).isEqualTo(2);
        assertThat(area.numLocks()).isEqualTo(t.numLocks() ? 1 : 0);
        assertThat(area.pages().accessRecords()).isEqualTo(1);
        assertThat(f.ctx.testDestroyAccessPages(fd, item)).isZero();
        assertThat(area.numLocks()).isEqualTo(t.numLocks() ? 1 : 0);
        assertThat(f.ctx.destroy(queue)).isZero();
        assertThat(area.numAccesses()).isZero();
        assertThat(area.numLocks()).isZero();
        assertThat(f.ctx.closeFd(fd)).isZero();
        f.closeClean();
    }

    /**
     * 8602018b moved {@code start} past each freed area. Side effect: when the next area is adjacent it begins
     * at {@code start}, so {@code if (area_first != start) tries = 0;} no longer resets the retries the first
     * area used. Area A's driver unpins at the first notification, area B's never does; every round notifies
     * both drivers. Before 8602018b: 1 round for A, then 101 for B (102). After it: A's round counts against
     * B's budget (101). broken-area-after-unlock gives up at B's first round (2).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ioptstress.iommufd.Fixture#allDesigns")
    void triesCarryOverToAnAdjacentArea(final Design design)
    {
        final DesignTraits t = DesignTraits.of(design);
        final Fixture f = new Fixture(design);
        final int ioas = f.ioas();
        f.map(ioas, X, 0, 2 * P);
        f.map(ioas, X + 2 * P, 2 * P, 2 * P);
        final EmulatedDriver good = EmulatedDriver.create(f.ctx);
        final EmulatedDriver stuck = EmulatedDriver.create(f.ctx);
        assertThat(good.access().attach(ioas)).isZero();
        assertThat(stuck.access().attach(ioas)).isZero();
        assertThat(good.pin(X, P, 0)).isZero();
        assertThat(stuck.pin(X + 2 * P, P, 0)).isZero();
        stuck.ignoreUnmap = true;

        final MutableLong unmapped = new MutableLong();
        assertThat(f.iopt(ioas).unmapIova(X, 4 * P, unmapped)).isEqualTo(-EDEADLOCK);
        assertThat(unmapped.get()).as("A went (reported with -EDEADLOCK from b23e09f99977 on)")
            .isEqualTo(t.deadlockReportsUnmapped() ? 2 * P : 0);
        final int expectedRounds = t.notificationsBeforeDeadlock() == 1 ? 2 : t.triesCarryOver() ? 101 : 102;
        assertThat(stuck.unmapCalls).as("notify rounds").isEqualTo(expectedRounds);
        assertThat(good.unmapCalls).isEqualTo(expectedRounds);

        stuck.unpinAll();
        assertThat(f.unmap(ioas, X + 2 * P, 2 * P)).isEqualTo(2 * P);
        good.access().detach();
        stuck.access().detach();
        good.access().destroy();
        stuck.access().destroy();
        f.closeExpecting("WARN");
    }
}

package org.ioptstress.iommufd;

import org.ioptstress.kernel.KObject;
import org.ioptstress.kernel.Refcount;

/**
 * struct iommufd_object: an id in the context's object table, {@code users} (references that keep it from
 * being destroyed) and {@code wait_cnt} (short-term holders a REMOVE_WAIT destroy sleeps for). Both start at
 * 1, the reference the table itself holds.
 */
public abstract class IommufdObject extends KObject
{
    /** The context whose table holds this object (a Java back-pointer, not {@code access->ictx}). */
    final IommufdCtx owner;
    final ObjType type;
    final Refcount users;
    final Refcount waitCnt;
    int id;

    protected IommufdObject(final IommufdCtx owner, final ObjType type)
    {
        super(owner.kernel());
        this.owner = owner;
        this.type = type;
        this.users = new Refcount(owner.kernel(), type + ".users", 1);
        this.waitCnt = new Refcount(owner.kernel(), type + ".wait_cnt", 1);
    }

    public final int id()
    {
        kasan("obj.id");
        return id;
    }

    public final ObjType type()
    {
        return type;
    }

    public final int users()
    {
        kasan("obj.users");
        return users.read();
    }

    public final int waitCnt()
    {
        kasan("obj.wait_cnt");
        return waitCnt.read();
    }

    final Design design()
    {
        return owner.design();
    }

    /** iommufd_object_ops[type].destroy: runs once users reached 0 and the object left the table. */
    abstract void destroyObject();

    @Override
    public String describe()
    {
        return "iommufd_object(" + type + " id " + id + ")";
    }
}

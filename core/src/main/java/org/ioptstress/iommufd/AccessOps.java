package org.ioptstress.iommufd;

/**
 * struct iommufd_access_ops. An internal access has none (ops == NULL); an emulated device (mdev) has an
 * unmap callback that must unpin the range synchronously before it returns.
 *
 * @param needsPinPages the driver pins pages (iova_alignment becomes PAGE_SIZE)
 * @param unmap         ops->unmap, or null
 */
public record AccessOps(boolean needsPinPages, Unmap unmap)
{
    /** ops->unmap(data, iova, length) */
    @FunctionalInterface
    public interface Unmap
    {
        void unmap(Object data, long iova, long length);
    }
}

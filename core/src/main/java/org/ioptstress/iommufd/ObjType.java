package org.ioptstress.iommufd;

/** enum iommufd_object_type, the part this port models. */
public enum ObjType
{
    ANY,
    IOAS,
    ACCESS,
    VIOMMU,
    HW_QUEUE
}

package org.sparsetrain.kernels.cuda.memory;

/** The device could not satisfy an allocation, even after the cache was emptied. */
public final class DeviceOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceOutOfMemoryException(String message) { super(message); }
}

package org.sparsetrain.kernels.cuda.driver;

/** A CUDA driver or cuBLAS call returned an error; the message names the call, the code and CUDA's description. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public CudaException(String call, int code, String description) {
        super(call + " failed: error " + code + (description == null ? "" : " (" + description + ")"));
        this.code = code;
    }

    public int code() { return code; }
}

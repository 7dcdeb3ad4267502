package org.sparsetrain.kernels.cpu.sparse;

import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.kernels.cpu.simd.ScalarSparseConvKernels;
import org.sparsetrain.kernels.cpu.simd.ScalarSparseMatmul;
import org.sparsetrain.kernels.cpu.simd.SimdSupport;
import org.sparsetrain.kernels.cpu.simd.SparseConvKernels;
import org.sparsetrain.kernels.cpu.simd.SparseMatmul;

/**
 * The sparse kernels on {@link CsrMatrix} weights, in two implementations with identical semantics: {@link #SIMD}
 * (Vector API, {@code org.sparsetrain.kernels.cpu.simd.SparseMatmul} / {@code SparseConvKernels}) and
 * {@link #SCALAR} (their scalar twins). {@link #best()} picks SIMD when the Vector API is usable.
 *
 * <p>Linear layer {@code Y = W·X}, {@code W [m][k]} sparse, activations feature-major {@code X [k][n]} (batch n
 * contiguous). Derivatives: {@code dX = Wᵀ·dY} ({@link #spmmTransposed}), {@code dW = (dY·Xᵀ) ⊙ M}
 * ({@link #sddmm}, values-aligned). Convolution: {@code W [Co][Ci*kH*kW]} ({@link CsrMatrix#fromConv}) on
 * {@code [C][H][W][n]} activations, with the buffers of {@code SparseConvLayout}.
 *
 * <p>Every method takes a range of output rows (or channels) so a caller can split it between threads
 * ({@link RowPartition}); the result of a row never depends on the split.
 */
public enum SparseKernels {
    SIMD(true),
    SCALAR(false);

    private final boolean simd;

    SparseKernels(boolean simd) { this.simd = simd; }

    /** SIMD when {@code jdk.incubator.vector} is resolved, has at least 4 float lanes and -Dsparsetrain.simd is not false. */
    public static SparseKernels best() {
        if ("false".equalsIgnoreCase(System.getProperty("sparsetrain.simd", "").trim())) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        try {
            return SimdSupport.preferredFloatLanes() >= 4 ? SIMD : SCALAR;
        } catch (LinkageError e) {
            return SCALAR;
        }
    }

    /**
     * {@code Y[i][:] = beta * Y[i][:] + (W·X)[i][:]} for rows {@code [rowFrom, rowTo)}; {@code X [w.cols][n]},
     * {@code Y [w.rows][n]}; {@code beta == 0} overwrites Y.
     */
    public void spmm(CsrMatrix w, float[] x, int xOff, int n, float beta, float[] y, int yOff, int rowFrom, int rowTo) {
        if (simd) {
            SparseMatmul.spmm(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), w.values(), 0, x, xOff, beta, y, yOff,
                    rowFrom, rowTo);
        } else {
            ScalarSparseMatmul.spmm(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), w.values(), 0, x, xOff, beta, y,
                    yOff, rowFrom, rowTo);
        }
    }

    /**
     * {@code dX[j][:] = (Wᵀ·dY)[j][:]} for columns {@code j in [colFrom, colTo)} of W, through the transposed index:
     * the caller has called {@link CsrMatrix#refreshTransposedValues()} since the values last changed.
     * {@code dY [w.rows][n]}, {@code dX [w.cols][n]} (overwritten).
     */
    public void spmmTransposed(CsrMatrix w, float[] dy, int dyOff, int n, float[] dx, int dxOff, int colFrom, int colTo) {
        CscIndex t = w.transposed();
        if (simd) {
            SparseMatmul.spmm(w.cols(), w.rows(), n, t.colPtr(), t.rowIdx(), t.valuesT(), 0, dy, dyOff, 0f, dx, dxOff,
                    colFrom, colTo);
        } else {
            ScalarSparseMatmul.spmm(w.cols(), w.rows(), n, t.colPtr(), t.rowIdx(), t.valuesT(), 0, dy, dyOff, 0f, dx,
                    dxOff, colFrom, colTo);
        }
    }

    /** {@code dX += Wᵀ·dY} restricted to the rows {@code [rowFrom, rowTo)} of W, scattered from the CSR. */
    public void scatterTransposed(CsrMatrix w, float[] dy, int dyOff, int n, float[] dx, int dxOff, int rowFrom, int rowTo) {
        if (simd) {
            SparseMatmul.scatterTransposed(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), w.values(), dy, dyOff, dx,
                    dxOff, rowFrom, rowTo);
        } else {
            ScalarSparseMatmul.scatterTransposed(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), w.values(), dy, dyOff,
                    dx, dxOff, rowFrom, rowTo);
        }
    }

    /** {@code dw[dwOff + p] = dY[i][:]·X[j][:]} for the nonzeros {@code p = (i, j)} of rows {@code [rowFrom, rowTo)}. */
    public void sddmm(CsrMatrix w, float[] dy, int dyOff, float[] x, int xOff, int n, float[] dw, int dwOff,
                      int rowFrom, int rowTo) {
        if (simd) {
            SparseMatmul.sddmm(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), dy, dyOff, x, xOff, dw, dwOff,
                    rowFrom, rowTo);
        } else {
            ScalarSparseMatmul.sddmm(w.rows(), w.cols(), n, w.rowPtr(), w.colIdx(), dy, dyOff, x, xOff, dw, dwOff,
                    rowFrom, rowTo);
        }
    }

    /** Direct sparse conv forward over output channels {@code [coFrom, coTo)}, from the padded input. */
    public void convForward(ConvGeometry g, CsrMatrix w, float[] xp, int xpOff, float[] y, int yOff, int coFrom, int coTo) {
        checkConv("convForward", g, w);
        if (simd) {
            SparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), w.values(), 0, xp, xpOff, y, yOff, coFrom, coTo);
        } else {
            ScalarSparseConvKernels.forward(g, w.rowPtr(), w.colIdx(), w.values(), 0, xp, xpOff, y, yOff, coFrom, coTo);
        }
    }

    /** Input gradient over input channels {@code [ciFrom, ciTo)}, from the dilated gradient (transposed index refreshed). */
    public void convBackwardInput(ConvGeometry g, CsrMatrix w, float[] d, int dOff, float[] gx, int gxOff,
                                  int ciFrom, int ciTo) {
        checkConv("convBackwardInput", g, w);
        CscIndex t = w.transposed();
        if (simd) {
            SparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, dOff, gx, gxOff, ciFrom, ciTo);
        } else {
            ScalarSparseConvKernels.backwardInput(g, t.colPtr(), t.rowIdx(), t.valuesT(), d, dOff, gx, gxOff, ciFrom, ciTo);
        }
    }

    /** Values-aligned weight gradient of output channels {@code [coFrom, coTo)}, from the padded input. */
    public void convBackwardWeight(ConvGeometry g, CsrMatrix w, float[] xp, int xpOff, float[] gy, int gyOff,
                                   float[] gw, int gwOff, int coFrom, int coTo) {
        checkConv("convBackwardWeight", g, w);
        if (simd) {
            SparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, xpOff, gy, gyOff, gw, gwOff, coFrom, coTo);
        } else {
            ScalarSparseConvKernels.backwardWeight(g, w.rowPtr(), w.colIdx(), xp, xpOff, gy, gyOff, gw, gwOff,
                    coFrom, coTo);
        }
    }

    private static void checkConv(String op, ConvGeometry g, CsrMatrix w) {
        long cols = (long) g.inCPerGroup() * g.kH() * g.kW();
        if (w.rows() != g.outC() || w.cols() != cols) {
            throw new IllegalArgumentException("sparse " + op + ": weight matrix is " + w.rows() + "x" + w.cols()
                    + " but the geometry needs [outC][inC*kH*kW] = " + g.outC() + "x" + cols);
        }
    }
}

package org.sparsetrain.engine.backend.reference;

import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.sparse.SparsityPattern;

/**
 * The sparse products by their definitions, in double: the oracle of the sparse kernels. The linear ones walk the
 * CSR index directly; the convolutions scatter the values into the dense weight {@code W ⊙ M} and run the direct
 * convolution loops, which is what a sparse convolution means.
 */
final class ReferenceSparse {
    private ReferenceSparse() {}

    static void matmul(SparsityPattern w, double[] values, double[] x, int n, double[] y) {
        int[] rowPtr = w.rowPtr(), colIdx = w.colIdx();
        for (int r = 0; r < w.rows(); r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                double v = values[p];
                int xb = colIdx[p] * n, yb = r * n;
                for (int b = 0; b < n; b++) y[yb + b] += v * x[xb + b];
            }
        }
    }

    static void matmulTransposed(SparsityPattern w, double[] values, double[] gy, int n, double[] gx) {
        int[] rowPtr = w.rowPtr(), colIdx = w.colIdx();
        for (int r = 0; r < w.rows(); r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                double v = values[p];
                int gb = colIdx[p] * n, yb = r * n;
                for (int b = 0; b < n; b++) gx[gb + b] += v * gy[yb + b];
            }
        }
    }

    static void sampled(SparsityPattern w, double[] gy, double[] x, int n, double[] gv) {
        int[] rowPtr = w.rowPtr(), colIdx = w.colIdx();
        for (int r = 0; r < w.rows(); r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                double s = 0;
                int xb = colIdx[p] * n, yb = r * n;
                for (int b = 0; b < n; b++) s += gy[yb + b] * x[xb + b];
                gv[p] = s;
            }
        }
    }

    static double[] denseWeight(SparsityPattern w, double[] values) {
        double[] dense = new double[w.numel()];
        w.scatter(values, 0, dense, 0);
        return dense;
    }

    static void convForward(ConvGeometry g, SparsityPattern w, double[] values, double[] x, double[] y) {
        ReferenceConv.forward(g, x, denseWeight(w, values), y);
    }

    static void convBackwardInput(ConvGeometry g, SparsityPattern w, double[] values, double[] gy, double[] gx) {
        ReferenceConv.backwardInput(g, gy, denseWeight(w, values), gx);
    }

    static void convBackwardWeight(ConvGeometry g, SparsityPattern w, double[] x, double[] gy, double[] gv) {
        double[] dense = new double[w.numel()];
        ReferenceConv.backwardWeight(g, x, gy, dense);
        w.gather(dense, 0, gv, 0);
    }
}

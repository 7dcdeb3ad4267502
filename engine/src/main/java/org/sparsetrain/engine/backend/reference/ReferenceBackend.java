package org.sparsetrain.engine.backend.reference;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.backend.UnaryOp;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The scalar oracle: every primitive written as the plainest loops, computed in double precision whatever the
 * tensors' dtype (F32 inputs are widened, results rounded once on the way out). Single-threaded, so its
 * results are the definition other backends are tested against. Slow on purpose: no blocking, no tricks.
 */
public final class ReferenceBackend implements Backend {

    @Override public String name() { return "reference"; }

    @Override public int threads() { return 1; }

    // ---------------------------------------------------------------- dtype bridging

    /** The tensor's values as a double array (the backing array itself when it is exactly that). */
    static double[] read(Tensor t) {
        if (t.dtype() == DType.F64 && t.offset() == 0 && t.doubles().length == t.size()) return t.doubles();
        return t.toDoubleArray();
    }

    /** Writes {@code v} into {@code t} unless {@code v} is already its backing array. */
    static void write(Tensor t, double[] v) {
        if (t.dtype() == DType.F64 && t.offset() == 0 && t.doubles() == v) return;
        if (t.dtype() == DType.F64) {
            System.arraycopy(v, 0, t.doubles(), t.offset(), t.size());
        } else {
            float[] f = t.floats();
            int o = t.offset();
            for (int i = 0; i < t.size(); i++) f[o + i] = (float) v[i];
        }
    }

    // ---------------------------------------------------------------- dense linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        double[] av = read(a), bv = read(b);
        double[] cv = beta == 0 ? new double[m * n] : read(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? av[p * m + i] : av[i * k + p];
                    double y = transB ? bv[j * k + p] : bv[p * n + j];
                    s += x * y;
                }
                cv[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * cv[i * n + j]);
            }
        }
        write(c, cv);
    }

    // ---------------------------------------------------------------- elementwise

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        double[] av = read(a), bv = read(b);
        double[] o = new double[out.size()];
        for (int i = 0; i < o.length; i++) o[i] = op.apply(av[i], bv[i]);
        write(out, o);
    }

    @Override public void unary(UnaryOp op, Tensor a, Tensor out) {
        double[] av = read(a);
        double[] o = new double[out.size()];
        for (int i = 0; i < o.length; i++) o[i] = op.apply(av[i]);
        write(out, o);
    }

    @Override public void axpy(double alpha, Tensor x, Tensor y) {
        double[] xv = read(x), yv = read(y);
        for (int i = 0; i < yv.length; i++) yv[i] += alpha * xv[i];
        write(y, yv);
    }

    @Override public void affine(Tensor a, double alpha, double beta, Tensor out) {
        double[] av = read(a);
        double[] o = new double[out.size()];
        for (int i = 0; i < o.length; i++) o[i] = alpha * av[i] + beta;
        write(out, o);
    }

    @Override public void reluBackward(Tensor x, Tensor gy, Tensor gx) {
        double[] xv = read(x), gv = read(gy);
        double[] o = new double[gx.size()];
        for (int i = 0; i < o.length; i++) o[i] = xv[i] > 0 ? gv[i] : 0.0;
        write(gx, o);
    }

    @Override public double sum(Tensor a) {
        double s = 0;
        for (double v : read(a)) s += v;
        return s;
    }

    @Override public void addRowBias(Tensor x, Tensor bias, Tensor out) {
        double[] xv = read(x), bv = read(bias);
        int rows = bv.length, cols = xv.length / rows;
        double[] o = new double[xv.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) o[r * cols + c] = xv[r * cols + c] + bv[r];
        }
        write(out, o);
    }

    @Override public void sumRows(Tensor x, Tensor out) {
        double[] xv = read(x);
        int rows = out.size(), cols = xv.length / rows;
        double[] o = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += xv[r * cols + c];
            o[r] = s;
        }
        write(out, o);
    }

    // ---------------------------------------------------------------- convolution (direct loops)

    @Override public void conv2dForward(ConvGeometry g, Tensor x, Tensor w, Tensor y) {
        double[] xv = read(x), wv = read(w);
        double[] yv = new double[y.size()];
        ReferenceConv.forward(g, xv, wv, yv);
        write(y, yv);
    }

    @Override public void conv2dBackwardInput(ConvGeometry g, Tensor gy, Tensor w, Tensor gx) {
        double[] gyv = read(gy), wv = read(w);
        double[] gxv = new double[gx.size()];
        ReferenceConv.backwardInput(g, gyv, wv, gxv);
        write(gx, gxv);
    }

    @Override public void conv2dBackwardWeight(ConvGeometry g, Tensor x, Tensor gy, Tensor gw) {
        double[] xv = read(x), gyv = read(gy);
        double[] gwv = new double[gw.size()];
        ReferenceConv.backwardWeight(g, xv, gyv, gwv);
        write(gw, gwv);
    }

    // ---------------------------------------------------------------- batch norm

    @Override public void channelMeanVar(Tensor x, Tensor mean, Tensor var) {
        double[] xv = read(x);
        int channels = mean.size(), m = xv.length / channels;
        double[] mv = new double[channels], vv = new double[channels];
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += xv[c * m + j];
            double mu = s / m, q = 0;
            for (int j = 0; j < m; j++) {
                double dlt = xv[c * m + j] - mu;
                q += dlt * dlt;
            }
            mv[c] = mu;
            vv[c] = q / m;
        }
        write(mean, mv);
        write(var, vv);
    }

    @Override public void batchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y) {
        double[] xv = read(x), mv = read(mean), iv = read(invStd);
        double[] gv = gamma == null ? null : read(gamma), bv = beta == null ? null : read(beta);
        int channels = mv.length, m = xv.length / channels;
        double[] o = new double[xv.length];
        for (int c = 0; c < channels; c++) {
            double scale = iv[c] * (gv == null ? 1 : gv[c]), shift = bv == null ? 0 : bv[c];
            for (int j = 0; j < m; j++) o[c * m + j] = (xv[c * m + j] - mv[c]) * scale + shift;
        }
        write(y, o);
    }

    @Override public void batchNormBackward(Tensor x, Tensor gy, Tensor mean, Tensor invStd, Tensor gamma,
                                            Tensor gx, Tensor ggamma, Tensor gbeta) {
        double[] xv = read(x), gyv = read(gy), mv = read(mean), iv = read(invStd);
        double[] gv = gamma == null ? null : read(gamma);
        int channels = mv.length, m = xv.length / channels;
        double[] gxv = new double[xv.length], gg = new double[channels], gb = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sumGy = 0, sumGyXhat = 0;
            for (int j = 0; j < m; j++) {
                double xhat = (xv[c * m + j] - mv[c]) * iv[c];
                sumGy += gyv[c * m + j];
                sumGyXhat += gyv[c * m + j] * xhat;
            }
            gb[c] = sumGy;
            gg[c] = sumGyXhat;
            double k = (gv == null ? 1 : gv[c]) * iv[c] / m;
            for (int j = 0; j < m; j++) {
                double xhat = (xv[c * m + j] - mv[c]) * iv[c];
                gxv[c * m + j] = k * (m * gyv[c * m + j] - sumGy - xhat * sumGyXhat);
            }
        }
        write(gx, gxv);
        write(ggamma, gg);
        write(gbeta, gb);
    }

    // ---------------------------------------------------------------- pooling

    @Override public void maxPool2dForward(PoolGeometry g, Tensor x, Tensor y, int[] argmax) {
        double[] yv = new double[y.size()];
        ReferencePool.maxForward(g, read(x), yv, argmax);
        write(y, yv);
    }

    @Override public void maxPool2dBackward(PoolGeometry g, Tensor gy, int[] argmax, Tensor gx) {
        double[] gyv = read(gy);
        double[] gxv = new double[gx.size()];
        for (int o = 0; o < gyv.length; o++) gxv[argmax[o]] += gyv[o];
        write(gx, gxv);
    }

    @Override public void avgPool2dForward(PoolGeometry g, Tensor x, Tensor y) {
        double[] yv = new double[y.size()];
        ReferencePool.avgForward(g, read(x), yv);
        write(y, yv);
    }

    @Override public void avgPool2dBackward(PoolGeometry g, Tensor gy, Tensor gx) {
        double[] gxv = new double[gx.size()];
        ReferencePool.avgBackward(g, read(gy), gxv);
        write(gx, gxv);
    }

    // ---------------------------------------------------------------- log-softmax over [classes][N]

    @Override public void logSoftmaxForward(Tensor x, Tensor y) {
        double[] xv = read(x);
        int classes = x.dim(0), n = xv.length / classes;
        double[] o = new double[xv.length];
        for (int col = 0; col < n; col++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, xv[c * n + col]);
            double s = 0;
            for (int c = 0; c < classes; c++) s += Math.exp(xv[c * n + col] - max);
            double lse = max + Math.log(s);
            for (int c = 0; c < classes; c++) o[c * n + col] = xv[c * n + col] - lse;
        }
        write(y, o);
    }

    @Override public void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        double[] yv = read(y), gv = read(gy);
        int classes = y.dim(0), n = yv.length / classes;
        double[] o = new double[yv.length];
        for (int col = 0; col < n; col++) {
            double s = 0;
            for (int c = 0; c < classes; c++) s += gv[c * n + col];
            for (int c = 0; c < classes; c++) o[c * n + col] = gv[c * n + col] - Math.exp(yv[c * n + col]) * s;
        }
        write(gx, o);
    }
    // ---------------------------------------------------------------- sparse weights

    @Override public void sparseMatmul(SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        double[] yv = new double[y.size()];
        ReferenceSparse.matmul(w, read(values), read(x), x.size() / w.cols(), yv);
        write(y, yv);
    }

    @Override public void sparseMatmulTransposed(SparsityPattern w, Tensor values, Tensor gy, Tensor gx) {
        double[] gxv = new double[gx.size()];
        ReferenceSparse.matmulTransposed(w, read(values), read(gy), gy.size() / w.rows(), gxv);
        write(gx, gxv);
    }

    @Override public void sampledMatmul(SparsityPattern w, Tensor gy, Tensor x, Tensor gvalues) {
        double[] gv = new double[gvalues.size()];
        ReferenceSparse.sampled(w, read(gy), read(x), x.size() / w.cols(), gv);
        write(gvalues, gv);
    }

    @Override public void sparseConv2dForward(ConvGeometry g, SparsityPattern w, Tensor values, Tensor x, Tensor y) {
        double[] yv = new double[y.size()];
        ReferenceSparse.convForward(g, w, read(values), read(x), yv);
        write(y, yv);
    }

    @Override public void sparseConv2dBackwardInput(ConvGeometry g, SparsityPattern w, Tensor values, Tensor gy,
                                                    Tensor gx) {
        double[] gxv = new double[gx.size()];
        ReferenceSparse.convBackwardInput(g, w, read(values), read(gy), gxv);
        write(gx, gxv);
    }

    @Override public void sparseConv2dBackwardWeight(ConvGeometry g, SparsityPattern w, Tensor x, Tensor gy,
                                                     Tensor gvalues) {
        double[] gv = new double[gvalues.size()];
        ReferenceSparse.convBackwardWeight(g, w, read(x), read(gy), gv);
        write(gvalues, gv);
    }
}

package org.sparsetrain.engine.tensor;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.autograd.Node;

/**
 * A dense n-dimensional array of {@link DType#F32} or {@link DType#F64} values, row-major, with an
 * optional place in the autograd graph.
 *
 * <p>Layout convention: inside the engine activations are feature-major with the batch innermost,
 * {@code [features][batch]} and {@code [C][H][W][batch]} (design section 4), because the sparse kernels
 * vectorise along the batch. {@link org.sparsetrain.engine.ops.Layout} converts from and to the usual
 * batch-major {@code [N, ...]} once, at the model's edges.
 *
 * <p>Storage is a Java array plus an offset; {@link #reshape} of a tensor shares the storage (a view).
 * The raw arrays are exposed for kernels and optimizers ({@link #floats()}, {@link #doubles()}); code
 * that writes into them must not do so while the tensor is saved by a graph it still needs.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final float[] f;
    private final double[] d;
    private final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private String name;
    /** Ops recorded on the tape with this tensor as an input (they may have saved it). */
    private int recordedUses;
    /** Set by an in-place op that took over this tensor's storage; any later use as an op input is an error. */
    private String overwrittenBy;

    private Tensor(Shape shape, DType dtype, float[] f, double[] d, int offset) {
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
        int capacity = f != null ? f.length : d.length;
        if (offset < 0 || offset + shape.size() > capacity) {
            throw new IllegalArgumentException("tensor: shape " + shape + " at offset " + offset
                    + " does not fit in storage of " + capacity + " elements");
        }
    }

    // ---------------------------------------------------------------- factories

    /** Zero-filled; F32 elements start at {@link FloatStorage#PAD} (a cache-line start where the JVM allows one). */
    public static Tensor zeros(DType dtype, Shape shape) {
        return dtype == DType.F32
                ? new Tensor(shape, dtype, FloatStorage.allocate(shape.size()), null, FloatStorage.PAD)
                : new Tensor(shape, dtype, null, new double[shape.size()], 0);
    }

    public static Tensor zeros(DType dtype, int... dims) { return zeros(dtype, Shape.of(dims)); }

    public static Tensor zeros(int... dims) { return zeros(DType.F32, Shape.of(dims)); }

    public static Tensor zerosLike(Tensor t) { return zeros(t.dtype, t.shape); }

    public static Tensor full(DType dtype, double value, int... dims) {
        Tensor t = zeros(dtype, dims);
        t.fill(value);
        return t;
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... dims) {
        Shape s = Shape.of(dims);
        checkLength(data.length, s);
        return new Tensor(s, DType.F32, data, null, 0);
    }

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor of(double[] data, int... dims) {
        Shape s = Shape.of(dims);
        checkLength(data.length, s);
        return new Tensor(s, DType.F64, null, data, 0);
    }

    /** A view of {@code length} elements of {@code data} starting at {@code offset}. */
    public static Tensor view(float[] data, int offset, int... dims) {
        return new Tensor(Shape.of(dims), DType.F32, data, null, offset);
    }

    /** A view of {@code length} elements of {@code data} starting at {@code offset}. */
    public static Tensor view(double[] data, int offset, int... dims) {
        return new Tensor(Shape.of(dims), DType.F64, null, data, offset);
    }

    public static Tensor scalar(DType dtype, double value) {
        Tensor t = zeros(dtype, Shape.scalar());
        t.setFlat(0, value);
        return t;
    }

    /** Values drawn independently from {@code gen} (e.g. {@code rng::normal}). */
    public static Tensor generate(DType dtype, DoubleSupplier gen, int... dims) {
        Tensor t = zeros(dtype, dims);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, gen.getAsDouble());
        return t;
    }

    public static Tensor randn(DType dtype, Rng rng, int... dims) { return generate(dtype, rng::normal, dims); }

    public static Tensor uniform(DType dtype, Rng rng, double lo, double hi, int... dims) {
        return generate(dtype, () -> rng.uniform(lo, hi), dims);
    }

    private static void checkLength(int length, Shape s) {
        if (length != s.size()) {
            throw new IllegalArgumentException("tensor: " + length + " values do not fill shape " + s
                    + " (" + s.size() + " elements)");
        }
    }

    // ---------------------------------------------------------------- metadata and raw access

    public Shape shape() { return shape; }

    public DType dtype() { return dtype; }

    public int rank() { return shape.rank(); }

    public int dim(int i) { return shape.dim(i); }

    public int size() { return shape.size(); }

    /** Backing float array (F32 only); elements start at {@link #offset()}. */
    public float[] floats() {
        if (f == null) throw new IllegalStateException("tensor: floats() on a " + dtype + " tensor " + shape);
        return f;
    }

    /** Backing double array (F64 only); elements start at {@link #offset()}. */
    public double[] doubles() {
        if (d == null) throw new IllegalStateException("tensor: doubles() on a " + dtype + " tensor " + shape);
        return d;
    }

    public int offset() { return offset; }

    public double getFlat(int i) {
        checkFlat(i);
        return f != null ? f[offset + i] : d[offset + i];
    }

    public void setFlat(int i, double v) {
        checkFlat(i);
        if (f != null) f[offset + i] = (float) v;
        else d[offset + i] = v;
    }

    private void checkFlat(int i) {
        if (i < 0 || i >= shape.size()) {
            throw new IndexOutOfBoundsException("tensor: flat index " + i + " outside shape " + shape);
        }
    }

    /** Element at a full multi-index. */
    public double get(int... index) { return getFlat(flatIndex(index)); }

    public void set(double v, int... index) { setFlat(flatIndex(index), v); }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("tensor: index of rank " + index.length + " for shape " + shape);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("tensor: index " + Arrays.toString(index) + " outside " + shape);
            }
            flat = flat * shape.dim(i) + index[i];
        }
        return flat;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (size() != 1) throw new IllegalStateException("tensor: item() on shape " + shape + " with " + size() + " elements");
        return getFlat(0);
    }

    public Tensor fill(double v) {
        if (f != null) Arrays.fill(f, offset, offset + size(), (float) v);
        else Arrays.fill(d, offset, offset + size(), v);
        return this;
    }

    /** Copies the values of {@code src} (same shape, any dtype) into this tensor. */
    public Tensor copyFrom(Tensor src) {
        if (!src.shape.equals(shape)) {
            throw new IllegalArgumentException("copyFrom: source shape " + src.shape + " differs from " + shape);
        }
        if (f != null && src.f != null) System.arraycopy(src.f, src.offset, f, offset, size());
        else if (d != null && src.d != null) System.arraycopy(src.d, src.offset, d, offset, size());
        else for (int i = 0; i < size(); i++) setFlat(i, src.getFlat(i));
        return this;
    }

    /** A fresh copy of the values, outside any graph. */
    public Tensor copy() { return zeros(dtype, shape).copyFrom(this); }

    /** A copy converted to {@code target} (or a detached copy if already that type). */
    public Tensor to(DType target) { return zeros(target, shape).copyFrom(this); }

    /** All values as doubles, in row-major order. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = getFlat(i);
        return out;
    }

    /** All values as floats, in row-major order. */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) getFlat(i);
        return out;
    }

    /** Shares this tensor's storage under another shape of the same size, outside any graph. */
    public Tensor viewAs(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + size() + " elements) as " + s
                    + " (" + s.size() + " elements)");
        }
        return new Tensor(s, dtype, f, d, offset);
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf as needing a gradient; returns {@code this}. */
    public Tensor requiresGradInPlace(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("tensor: cannot clear requiresGrad on a non-leaf tensor produced by "
                    + gradFn.op() + "; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient of a leaf, or {@code null} before the first backward. */
    public Tensor grad() { return grad; }

    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape + " differs from tensor shape " + shape);
        }
        this.grad = g;
    }

    /** The node that produced this tensor, or {@code null} for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Used by {@link Autograd#record} only. */
    public void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    public boolean isLeaf() { return gradFn == null; }

    /** How many ops were recorded on the tape with this tensor as an input. */
    public int recordedUses() { return recordedUses; }

    /** Used by {@link Autograd#record} only. */
    public void countRecordedUse() { recordedUses++; }

    /** The in-place op that overwrote this tensor's values, or {@code null}. */
    public String overwrittenBy() { return overwrittenBy; }

    /** Used by in-place ops only: this tensor's storage now holds that op's result. */
    public void markOverwrittenBy(String op) { overwrittenBy = op; }

    /** The same storage, outside the graph. */
    public Tensor detach() { return new Tensor(shape, dtype, f, d, offset); }

    /** Backpropagates from a scalar; frees the graph. */
    public void backward() { Autograd.backward(this, null, false); }

    /** Backpropagates {@code seed} (shape of this tensor) from this tensor. */
    public void backward(Tensor seed, boolean retainGraph) { Autograd.backward(this, seed, retainGraph); }

    public String name() { return name; }

    public Tensor named(String n) {
        this.name = n;
        return this;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ').append(dtype);
        if (name != null) sb.append(" '").append(name).append('\'');
        if (gradFn != null) sb.append(" gradFn=").append(gradFn.op());
        else if (requiresGrad) sb.append(" requiresGrad");
        int n = Math.min(size(), 8);
        sb.append(" [");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append((float) getFlat(i));
        if (n < size()) sb.append(", ...");
        return sb.append(']').toString();
    }
}

package org.sparsetrain.engine.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Cuts a {@link Dataset} into mini-batches in the engine's feature-major layout, with seeded shuffling,
 * per-channel normalisation, optional augmentation, and a background thread that prepares the next batches
 * while the current one trains.
 *
 * <p>Determinism: the order of epoch {@code e} and the augmentation of each of its batches depend only on
 * {@code (seed, e, batch index)}, never on earlier epochs or on thread timing, so a run resumed at an epoch
 * boundary sees exactly the batches an uninterrupted run would.
 */
public final class DataLoader {
    private final Dataset data;
    private final Options options;

    /**
     * Loader settings, validated on construction.
     *
     * @param mean          per-channel mean subtracted (length = channels), or null for none
     * @param std           per-channel divisor (length = channels), or null for none
     * @param augmentation  applied per item before normalisation, or null
     * @param dropLast      drop a final batch smaller than {@code batchSize}
     * @param prefetch      batches prepared ahead on a background thread (0 = none, synchronous)
     */
    public record Options(int batchSize, boolean shuffle, long seed, double[] mean, double[] std,
                          Augmentation augmentation, boolean dropLast, int prefetch) {
        public Options {
            if (batchSize <= 0) throw new IllegalArgumentException("data loader: batch size must be > 0, got " + batchSize);
            if (prefetch < 0) throw new IllegalArgumentException("data loader: prefetch must be >= 0, got " + prefetch);
            if ((mean == null) != (std == null)) {
                throw new IllegalArgumentException("data loader: give both mean and std for normalisation, or neither");
            }
            if (std != null) {
                for (double s : std) {
                    if (!(s > 0)) throw new IllegalArgumentException("data loader: std values must be > 0, got " + s);
                }
            }
        }

        /** Shuffled, unnormalised, no augmentation, keeps the last partial batch, prefetches 2 batches. */
        public static Options shuffled(int batchSize, long seed) {
            return new Options(batchSize, true, seed, null, null, null, false, 2);
        }

        /** In order (evaluation): no shuffling, no augmentation. */
        public static Options sequential(int batchSize) {
            return new Options(batchSize, false, 0, null, null, null, false, 2);
        }

        public Options normalized(double[] newMean, double[] newStd) {
            return new Options(batchSize, shuffle, seed, newMean, newStd, augmentation, dropLast, prefetch);
        }

        public Options augmented(Augmentation a) {
            return new Options(batchSize, shuffle, seed, mean, std, a, dropLast, prefetch);
        }

        public Options withPrefetch(int n) {
            return new Options(batchSize, shuffle, seed, mean, std, augmentation, dropLast, n);
        }
    }

    public DataLoader(Dataset data, Options options) {
        this.data = data;
        this.options = options;
        int channels = data.itemShape()[0];
        if (options.mean() != null && (options.mean().length != channels || options.std().length != channels)) {
            throw new IllegalArgumentException("data loader: " + data.name() + " has " + channels + " channels but mean/std have "
                    + options.mean().length + "/" + options.std().length + " values");
        }
    }

    public Dataset dataset() { return data; }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int n = data.count(), b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** The batches of epoch {@code epoch} (0-based). Close it if you stop iterating early. */
    public Epoch epoch(int epoch) { return new Epoch(epoch); }

    /** The item order of an epoch: a seeded permutation, or the identity. */
    int[] order(int epoch) {
        int[] idx = new int[data.count()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        if (options.shuffle()) new Rng(mix(options.seed(), epoch, -1)).shuffle(idx);
        return idx;
    }

    /** Builds batch {@code b} of an epoch whose order is {@code order}. */
    Batch build(int epoch, int[] order, int b) {
        int bs = options.batchSize();
        int from = b * bs, size = Math.min(bs, order.length - from);
        int[] shape = data.itemShape();
        int item = data.itemSize(), channels = shape[0], plane = item / channels;
        int[] dims = new int[shape.length + 1];
        System.arraycopy(shape, 0, dims, 0, shape.length);
        dims[shape.length] = size;
        Tensor x = Tensor.zeros(DType.F32, dims);
        float[] out = x.floats();
        int o0 = x.offset();
        int[] labels = new int[size];
        float[] scratch = new float[item];
        Rng rng = options.augmentation() == null ? null : new Rng(mix(options.seed(), epoch, b));
        for (int i = 0; i < size; i++) {
            int src = order[from + i];
            labels[i] = data.labels()[src];
            float[] values = data.features();
            int base = src * item;
            if (rng != null) {
                float[] copy = new float[item];
                System.arraycopy(values, base, copy, 0, item);
                options.augmentation().apply(copy, scratch, shape, rng);
                values = scratch;
                base = 0;
            }
            // Transpose item-major into [features][batch] while normalising.
            for (int c = 0; c < channels; c++) {
                double m = options.mean() == null ? 0 : options.mean()[c];
                double inv = options.std() == null ? 1 : 1.0 / options.std()[c];
                for (int p = 0; p < plane; p++) {
                    int f = c * plane + p;
                    out[o0 + f * size + i] = (float) ((values[base + f] - m) * inv);
                }
            }
        }
        return new Batch(x, labels, b);
    }

    /** A stateless 64-bit mix of the seed with an epoch and batch index (SplitMix64 finaliser). */
    static long mix(long seed, int epoch, int batch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1) + 0xBF58476D1CE4E5B9L * (batch + 2);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The batches of one epoch, produced in order (on a background thread when prefetching). */
    public final class Epoch implements Iterable<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int count;
        private volatile boolean closed;
        private Thread producer;

        Epoch(int epoch) {
            if (epoch < 0) throw new IllegalArgumentException("data loader: epoch must be >= 0, got " + epoch);
            this.epoch = epoch;
            this.order = order(epoch);
            this.count = batchesPerEpoch();
        }

        public int size() { return count; }

        @Override public Iterator<Batch> iterator() {
            if (options.prefetch() == 0) return synchronous();
            return prefetching();
        }

        private Iterator<Batch> synchronous() {
            return new Iterator<>() {
                int next;

                @Override public boolean hasNext() { return next < count && !closed; }

                @Override public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return build(epoch, order, next++);
                }
            };
        }

        private Iterator<Batch> prefetching() {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(options.prefetch());
            producer = Thread.ofPlatform().daemon().name("data-loader-epoch-" + epoch).start(() -> {
                try {
                    for (int b = 0; b < count && !closed; b++) {
                        Object item;
                        try {
                            item = build(epoch, order, b);
                        } catch (RuntimeException e) {
                            item = e;
                        }
                        while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                            // Wait for the consumer; re-check closed so an abandoned epoch ends its thread.
                        }
                        if (item instanceof RuntimeException) return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return new Iterator<>() {
                int next;

                @Override public boolean hasNext() { return next < count && !closed; }

                @Override public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    try {
                        Object item = queue.take();
                        if (item instanceof RuntimeException e) {
                            throw new IllegalStateException("data loader: building batch " + next + " of epoch " + epoch
                                    + " failed: " + e.getMessage(), e);
                        }
                        next++;
                        return (Batch) item;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("data loader: interrupted while waiting for a batch", e);
                    }
                }
            };
        }

        /** Stops the background thread, if any. */
        @Override public void close() {
            closed = true;
            if (producer != null) producer.interrupt();
        }
    }
}

package org.sparsetrain.rigl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The scheduler's state dict. Keys (all F64 unless said):
 * <ul>
 * <li>{@code method} (ordinal of {@link Method}), {@code global_step}, {@code calls},
 *     {@code topology_updates}, {@code last_update_step}, {@code snipped} (0/1): scalars;
 * <li>{@code seed}: {@code [2]}, the high and low 32 bits of the update seed ({@link UpdateSeeds});
 * <li>{@code mask.<layer>}: the mask packed 32 bits per element ({@link MaskBits});
 *     {@code shape.<layer>}: the weight's dims, to name a mismatch;
 * <li>{@code window_count} and {@code window.<layer>} (F32, the weight's shape) when the method
 *     keeps a dense-gradient statistic (RigL with accumulation, SNFS).
 * </ul>
 * The engine's {@code Rng} is not saved: every random draw after attach is derived from the seed
 * and the step, so a resumed run draws what the uninterrupted one would.
 */
final class SchedulerState {
    private static final String METHOD = "method";
    private static final String GLOBAL_STEP = "global_step";
    private static final String CALLS = "calls";
    private static final String UPDATES = "topology_updates";
    private static final String LAST_UPDATE = "last_update_step";
    private static final String SNIPPED = "snipped";
    private static final String SEED = "seed";
    private static final String MASK = "mask.";
    private static final String SHAPE = "shape.";
    private static final String WINDOW = "window.";
    private static final String WINDOW_COUNT = "window_count";

    private SchedulerState() {}

    static Map<String, Tensor> save(RigL r) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(METHOD, scalar(r.method().ordinal()));
        out.put(GLOBAL_STEP, scalar(r.globalStep));
        out.put(CALLS, scalar(r.calls));
        out.put(UPDATES, scalar(r.updates));
        out.put(LAST_UPDATE, scalar(r.lastUpdateStep));
        out.put(SNIPPED, scalar(r.snipped ? 1 : 0));
        out.put(SEED, Tensor.of(new double[] {r.seed >>> 32, r.seed & 0xFFFFFFFFL}, 2));
        for (SparseLayer s : r.sparseLayers()) {
            out.put(MASK + s.name(), MaskBits.pack(s.mask()));
            int[] dims = s.layer().weight().shape().dims();
            out.put(SHAPE + s.name(), Tensor.of(Arrays.stream(dims).asDoubleStream().toArray(), dims.length));
        }
        DenseGradientWindow w = r.window();
        if (w != null) {
            out.put(WINDOW_COUNT, scalar(w.count()));
            for (int l = 0; l < w.layers(); l++) {
                SparseLayer s = r.sparseLayers().get(l);
                out.put(WINDOW + s.name(), Tensor.of(w.raw(l).clone(), s.layer().weight().shape().dims()));
            }
        }
        return out;
    }

    /**
     * Validates {@code state} against a scheduler under construction (its method, masked layers,
     * targets and window), then sets its counters, seed and window and returns the masks.
     *
     * @throws IllegalArgumentException listing every mismatch; nothing is set then
     */
    static List<boolean[]> load(RigL r, List<WeightLayer> masked, Map<String, Tensor> state) {
        List<String> errors = new ArrayList<>();
        String who = "RigL.loadStateDict";
        Method saved = null;
        Tensor m = state.get(METHOD);
        if (m == null || m.size() != 1) {
            errors.add("missing scalar '" + METHOD + "'");
        } else {
            int ord = (int) m.item();
            if (ord < 0 || ord >= Method.values().length || ord != m.item()) errors.add("'method' " + m.item() + " is not a method");
            else saved = Method.values()[ord];
        }
        if (saved != null && saved != r.method()) {
            errors.add("the state was saved by a " + saved + " scheduler, this one runs " + r.method());
        }
        for (String k : List.of(GLOBAL_STEP, CALLS, UPDATES, LAST_UPDATE, SNIPPED)) {
            Tensor t = state.get(k);
            long min = k.equals(LAST_UPDATE) ? -1 : 0;
            if (t == null || t.size() != 1) errors.add("missing scalar '" + k + "'");
            else if (t.item() != Math.rint(t.item()) || t.item() < min) errors.add("'" + k + "' must be a whole number >= " + min + ", got " + t.item());
        }
        Tensor seed = state.get(SEED);
        if (seed == null || seed.size() != 2) errors.add("missing '" + SEED + "' of shape [2]");

        List<String> names = masked.stream().map(WeightLayer::name).toList();
        TreeSet<String> savedLayers = new TreeSet<>();
        for (String k : state.keySet()) if (k.startsWith(MASK)) savedLayers.add(k.substring(MASK.length()));
        TreeSet<String> missing = new TreeSet<>(names);
        missing.removeAll(savedLayers);
        TreeSet<String> unexpected = new TreeSet<>(savedLayers);
        names.forEach(unexpected::remove);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            errors.add("masked layers differ: the model masks " + names + ", the state has masks for " + savedLayers
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (unexpected.isEmpty() ? "" : "; unknown " + unexpected));
        }
        List<boolean[]> masks = new ArrayList<>();
        DenseGradientWindow window = r.window();
        for (int l = 0; l < masked.size() && missing.isEmpty() && unexpected.isEmpty(); l++) {
            WeightLayer layer = masked.get(l);
            int[] dims = layer.weight().shape().dims();
            Tensor shape = state.get(SHAPE + layer.name());
            double[] expected = Arrays.stream(dims).asDoubleStream().toArray();
            if (shape == null || !Arrays.equals(shape.toDoubleArray(), expected)) {
                errors.add("layer '" + layer.name() + "': saved shape "
                        + (shape == null ? "missing" : Arrays.toString(shape.toDoubleArray())) + ", the model has " + Arrays.toString(dims));
                continue;
            }
            try {
                boolean[] mask = MaskBits.unpack(state.get(MASK + layer.name()), layer.numel(), "layer '" + layer.name() + "'");
                long nnz = 0;
                for (boolean b : mask) if (b) nnz++;
                if (r.method().randomInitialMask() && nnz != r.targetNnz()[l]) {
                    errors.add("layer '" + layer.name() + "': the saved mask has " + nnz + " active weights, the config ("
                            + r.config().distribution().label() + ", density " + r.config().density() + ") gives "
                            + r.targetNnz()[l]);
                }
                masks.add(mask);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            if (window != null) {
                Tensor t = state.get(WINDOW + layer.name());
                if (t == null || !Arrays.equals(t.shape().dims(), dims)) {
                    errors.add("layer '" + layer.name() + "': missing gradient statistic '" + WINDOW + layer.name()
                            + "' of shape " + Arrays.toString(dims));
                }
            }
        }
        if (window != null && (state.get(WINDOW_COUNT) == null || state.get(WINDOW_COUNT).size() != 1)) {
            errors.add("missing scalar '" + WINDOW_COUNT + "'");
        }
        if (window == null) {
            for (String k : state.keySet()) {
                if (k.startsWith(WINDOW) || k.equals(WINDOW_COUNT)) {
                    errors.add("unexpected gradient statistic '" + k + "' (" + r.method() + " with accumulation n = "
                            + r.config().gradAccumulation() + " keeps none)");
                    break;
                }
            }
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(who + ": " + String.join("; ", errors));

        r.globalStep = (long) state.get(GLOBAL_STEP).item();
        r.calls = (long) state.get(CALLS).item();
        r.updates = (long) state.get(UPDATES).item();
        r.lastUpdateStep = (long) state.get(LAST_UPDATE).item();
        r.snipped = state.get(SNIPPED).item() != 0;
        r.seed = ((long) seed.getFlat(0) << 32) | ((long) seed.getFlat(1) & 0xFFFFFFFFL);
        if (window != null) {
            int count = (int) state.get(WINDOW_COUNT).item();
            for (int l = 0; l < masked.size(); l++) {
                window.restore(l, state.get(WINDOW + masked.get(l).name()).toFloatArray(), count);
            }
        }
        return masks;
    }

    private static Tensor scalar(double v) {
        return Tensor.scalar(DType.F64, v);
    }
}

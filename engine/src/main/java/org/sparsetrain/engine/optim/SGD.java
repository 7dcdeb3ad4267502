package org.sparsetrain.engine.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} update rule, per parameter {@code w} with
 * gradient {@code g}:
 * <pre>
 *   g = g + weightDecay * w                          (if weightDecay != 0)
 *   if momentum != 0:
 *       buf = g                                      (first update of this parameter)
 *       buf = momentum * buf + (1 - dampening) * g   (later updates)
 *       g   = nesterov ? g + momentum * buf : buf
 *   w = w - lr * g
 * </pre>
 * The gradient tensor itself is never modified. State: one {@link MomentumState} per parameter
 * ({@link #state(Parameter)}).
 *
 * <p>State-dict keys: {@code step} and {@code lr} (F64 scalars), and {@code momentum_buffer.I} for the
 * {@code I}-th parameter (of {@link #parameters()}) once it has a buffer, always in the parameter's logical shape
 * (a sparse parameter's buffer, one slot per active position, is scattered into it and gathered back).
 */
public final class SGD implements Optimizer {
    private static final String STEP = "step";
    private static final String LR = "lr";
    private static final String BUFFER_PREFIX = "momentum_buffer.";

    private final List<Parameter> params;
    private final Map<Parameter, Integer> index = new IdentityHashMap<>();
    private final MomentumState[] states;
    private final SgdConfig config;
    private double lr;
    private long steps;

    public SGD(List<Parameter> parameters, SgdConfig config) {
        if (config == null) throw new IllegalArgumentException("SGD: config must not be null");
        this.params = List.copyOf(parameters);
        for (int i = 0; i < params.size(); i++) {
            if (index.put(params.get(i), i) != null) {
                throw new IllegalArgumentException("SGD: parameter " + i + " " + params.get(i) + " is listed twice");
            }
        }
        this.states = new MomentumState[params.size()];
        for (int i = 0; i < states.length; i++) states[i] = new MomentumState();
        this.config = config;
        this.lr = config.lr();
    }

    public SgdConfig config() { return config; }

    @Override public List<Parameter> parameters() { return params; }

    @Override public double learningRate() { return lr; }

    @Override public void setLearningRate(double lr) {
        SgdConfig.checkLr(lr);
        this.lr = lr;
    }

    @Override public long steps() { return steps; }

    /** The live state of {@code p}. */
    public MomentumState state(Parameter p) { return states[indexOf(p)]; }

    @Override public void zeroGrad() {
        for (Parameter p : params) p.zeroGrad();
    }

    @Override public void step() {
        Backend be = Backends.get();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor g = p.grad();
            if (g == null) continue;
            Tensor w = p.data();
            Tensor buf = config.momentum() != 0 ? states[i].buffer() : null;
            if (buf != null) {
                // every step after the first: one pass over w, g and the buffer where the backend fuses it
                be.sgdMomentumStep(w, g, buf, lr, config.momentum(), config.dampening(), config.weightDecay(),
                        config.nesterov());
                continue;
            }
            Tensor d = g;
            if (config.weightDecay() != 0) {
                d = g.copy();
                be.axpy(config.weightDecay(), w, d);
            }
            if (config.momentum() != 0) {
                // the first step: the buffer starts as d (PyTorch), no dampening
                buf = d.copy();
                states[i].setBuffer(buf);
                if (config.nesterov()) {
                    if (d == g) d = g.copy();
                    be.axpy(config.momentum(), buf, d);
                } else {
                    d = buf;
                }
            }
            be.axpy(-lr, d, w);
        }
        steps++;
    }

    @Override public void resetStateAt(Parameter p, int... flatIndices) {
        int i = indexOf(p);
        for (int f : flatIndices) {
            if (f < 0 || f >= p.data().size()) {
                throw new IllegalArgumentException("SGD.resetStateAt: flat index " + f + " outside parameter " + i
                        + " of shape " + p.shape() + " (" + p.data().size() + " stored elements)");
            }
        }
        states[i].zeroAt(flatIndices);
    }

    @Override public void remapState(Parameter p, int[] sources) {
        int i = indexOf(p);
        if (sources.length != p.data().size()) {
            throw new IllegalArgumentException("SGD.remapState: " + sources.length + " sources for parameter " + i + " "
                    + p + " which stores " + p.data().size() + " elements");
        }
        Tensor old = states[i].buffer();
        if (old != null) states[i].setBuffer(Parameter.remap(old, sources));
    }

    @Override public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(STEP, Tensor.scalar(DType.F64, steps));
        out.put(LR, Tensor.scalar(DType.F64, lr));
        for (int i = 0; i < states.length; i++) {
            Tensor b = states[i].buffer();
            // a sparse parameter's buffer is saved in the logical shape (zeros at inactive positions), so a state
            // dict means the same whatever the execution mode, like Module.stateDict
            if (b != null) out.put(BUFFER_PREFIX + i, params.get(i).isSparse() ? scatter(params.get(i), b) : b.copy());
        }
        return out;
    }

    /** Restores step, learning rate and buffers; a parameter without a {@code momentum_buffer.I} key gets none. */
    @Override public void loadStateDict(Map<String, Tensor> state) {
        List<String> errors = new ArrayList<>();
        for (String key : List.of(STEP, LR)) {
            Tensor t = state.get(key);
            if (t == null) errors.add("missing key '" + key + "'");
            else if (t.size() != 1) errors.add("'" + key + "' must be a scalar, got shape " + t.shape());
        }
        Tensor[] buffers = new Tensor[params.size()];
        for (var e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals(STEP) || key.equals(LR)) continue;
            int i = bufferIndex(key);
            if (i < 0) {
                errors.add("unexpected key '" + key + "'");
            } else if (!e.getValue().shape().equals(params.get(i).shape())) {
                errors.add("'" + key + "': checkpoint has shape " + e.getValue().shape() + ", parameter " + i + " has "
                        + params.get(i).shape());
            } else {
                buffers[i] = e.getValue();
            }
        }
        if (errors.isEmpty()) {
            double stepValue = state.get(STEP).item();
            if (stepValue < 0 || stepValue != Math.rint(stepValue)) errors.add("'step' must be a whole count, got " + stepValue);
            try {
                SgdConfig.checkLr(state.get(LR).item());
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException("SGD.loadStateDict: " + String.join("; ", errors));
        steps = (long) state.get(STEP).item();
        lr = state.get(LR).item();
        for (int i = 0; i < buffers.length; i++) {
            Parameter p = params.get(i);
            states[i].setBuffer(buffers[i] == null ? null : gather(p, buffers[i]));
        }
    }

    /** A logical-shape copy of a sparse parameter's per-position buffer. */
    private static Tensor scatter(Parameter p, Tensor b) {
        Tensor out = Tensor.zeros(b.dtype(), p.shape());
        for (int q = 0; q < b.size(); q++) out.setFlat(p.pattern().flatIndex(q), b.getFlat(q));
        return out;
    }

    /** The buffer a parameter stores for a logical-shape state: a copy, or its active positions when sparse. */
    private static Tensor gather(Parameter p, Tensor logical) {
        Tensor src = logical.to(p.dtype());
        if (!p.isSparse()) return src;
        int[] flat = p.pattern().flatIndices();
        Tensor out = Tensor.zeros(p.dtype(), flat.length);
        for (int q = 0; q < flat.length; q++) out.setFlat(q, src.getFlat(flat[q]));
        return out;
    }

    /** {@code I} of {@code momentum_buffer.I} when it names one of the parameters, else -1. */
    private int bufferIndex(String key) {
        if (!key.startsWith(BUFFER_PREFIX)) return -1;
        try {
            int i = Integer.parseInt(key.substring(BUFFER_PREFIX.length()));
            return i >= 0 && i < params.size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private int indexOf(Parameter p) {
        Integer i = index.get(p);
        if (i == null) throw new IllegalArgumentException("SGD: " + p + " is not one of this optimizer's parameters");
        return i;
    }
}

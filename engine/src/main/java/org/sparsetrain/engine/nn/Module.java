package org.sparsetrain.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.sparsetrain.engine.tensor.Tensor;

/**
 * A layer or a network: a forward function plus registered parameters, buffers and child modules.
 *
 * <p>Subclasses register everything explicitly in their constructor ({@link #registerParameter},
 * {@link #registerBuffer}, {@link #registerModule}). Names are dotted paths ({@code layers.0.weight}) in
 * PyTorch's order: a module's own parameters, then its children's, depth first, each in insertion order. The same
 * order is used by {@link #stateDict()} (own parameters, own buffers, then children), so a state dict written by
 * one run loads into the same architecture in another.
 *
 * <p>Modules start in training mode; {@link #train()} and {@link #eval()} switch the whole tree.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's function of a feature-major input. */
    public abstract Tensor forward(Tensor x);

    // ---------------------------------------------------------------- registration

    /** Registers {@code p} under {@code name}; returns it. */
    protected final Parameter registerParameter(String name, Parameter p) {
        if (p == null) throw new IllegalArgumentException(describe() + ": parameter '" + name + "' is null");
        checkNewName(name);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers a non-trainable state tensor (e.g. batch norm's running mean) that is saved in the state dict
     * and updated in place by the forward pass; returns it.
     */
    protected final Tensor registerBuffer(String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(describe() + ": buffer '" + name + "' is null");
        checkNewName(name);
        buffers.put(name, t);
        return t;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        if (child == null) throw new IllegalArgumentException(describe() + ": child module '" + name + "' is null");
        if (child == this) throw new IllegalArgumentException(describe() + ": a module cannot be its own child");
        checkNewName(name);
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(describe() + ": name '" + name + "' must be non-empty without dots");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(describe() + ": name '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** All parameters of this module and its descendants by dotted name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.parameters.forEach((n, p) -> out.put(prefix + n, p)));
        return Collections.unmodifiableMap(dedupe(out));
    }

    /** The parameters of {@link #namedParameters()}, each once (a shared parameter is listed at its first name). */
    public final List<Parameter> parameters() { return List.copyOf(namedParameters().values()); }

    /** All buffers of this module and its descendants by dotted name, in registration order. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.buffers.forEach((n, b) -> out.put(prefix + n, b)));
        return Collections.unmodifiableMap(out);
    }

    /** The direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** Calls {@code action(prefix, module)} on this module and every descendant, parents first. */
    private void visit(String prefix, BiConsumer<String, Module> action) {
        action.accept(prefix, this);
        children.forEach((n, c) -> c.visit(prefix + n + ".", action));
    }

    /** Keeps the first name of a parameter object registered under several names (weight tying). */
    private static Map<String, Parameter> dedupe(Map<String, Parameter> named) {
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        Map<String, Parameter> out = new LinkedHashMap<>();
        named.forEach((n, p) -> {
            if (seen.put(p, Boolean.TRUE) == null) out.put(n, p);
        });
        return out;
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Switches this module and all descendants to training mode; returns {@code this}. */
    public Module train() { return setTraining(true); }

    /** Switches this module and all descendants to evaluation mode; returns {@code this}. */
    public Module eval() { return setTraining(false); }

    private Module setTraining(boolean value) {
        visit("", (prefix, m) -> m.training = value);
        return this;
    }

    public final boolean isTraining() { return training; }

    /** Drops every parameter's gradient (see {@link Parameter#zeroGrad()}). */
    public final void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Copies of all parameters and buffers by dotted name: own parameters, own buffers, then children. A sparse
     * parameter appears in its logical (dense) shape with zeros at inactive positions, so a state dict means the
     * same whatever the execution mode; the compact form is {@code SparseModelFile}'s business.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, Parameter> sparse = sparseParameters();
        liveState().forEach((n, t) -> out.put(n, sparse.containsKey(n) ? sparse.get(n).denseCopy() : t.copy()));
        return out;
    }

    /** The live tensors a state dict is made of, in state-dict order. */
    private Map<String, Tensor> liveState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> {
            m.parameters.forEach((n, p) -> out.put(prefix + n, p.data()));
            m.buffers.forEach((n, b) -> out.put(prefix + n, b));
        });
        return out;
    }

    /** The parameters stored sparse, by state-dict name. */
    private Map<String, Parameter> sparseParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.parameters.forEach((n, p) -> {
            if (p.isSparse()) out.put(prefix + n, p);
        }));
        return out;
    }

    /**
     * Copies {@code state} into this module's parameters and buffers in place (values converted to each
     * tensor's dtype). Nothing is written unless every check passes.
     *
     * @param strict when true, a key of the module missing from {@code state} or a key of {@code state} unknown
     *               to the module is an error; when false they are returned in the report
     * @throws IllegalArgumentException on a shape mismatch (always), or on missing/unexpected keys when strict
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> live = liveState();
        Map<String, Parameter> sparse = sparseParameters();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : live.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.shape().equals(logicalShape(e.getKey(), e.getValue(), sparse))) {
                mismatched.add("'" + e.getKey() + "': checkpoint has shape " + src.shape() + ", the module has "
                        + logicalShape(e.getKey(), e.getValue(), sparse));
            }
        }
        for (String k : state.keySet()) if (!live.containsKey(k)) unexpected.add(k);
        List<String> errors = new ArrayList<>(mismatched);
        if (strict && !missing.isEmpty()) errors.add("missing keys " + missing);
        if (strict && !unexpected.isEmpty()) errors.add("unexpected keys " + unexpected);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + describe() + ": " + String.join("; ", errors));
        }
        for (var e : live.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) continue;
            Parameter sp = sparse.get(e.getKey());
            // a sparse parameter takes the checkpoint's values at its active positions; the rest stays inactive
            if (sp != null) gatherActive(sp, src);
            else e.getValue().copyFrom(src);
        }
        return new LoadReport(missing, unexpected);
    }

    private static org.sparsetrain.engine.tensor.Shape logicalShape(String key, Tensor live, Map<String, Parameter> sparse) {
        Parameter p = sparse.get(key);
        return p == null ? live.shape() : p.shape();
    }

    private static void gatherActive(Parameter p, Tensor src) {
        Tensor dense = src.to(p.dtype());
        Tensor values = p.data();
        if (p.dtype() == org.sparsetrain.engine.tensor.DType.F64) {
            p.pattern().gather(dense.doubles(), dense.offset(), values.doubles(), values.offset());
        } else {
            p.pattern().gather(dense.floats(), dense.offset(), values.floats(), values.offset());
        }
    }

    /** What a non-strict {@link #loadStateDict} left out: module keys absent from the map, map keys unknown. */
    public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys) {
        public LoadReport {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }

        public boolean isComplete() { return missingKeys.isEmpty() && unexpectedKeys.isEmpty(); }
    }

    // ---------------------------------------------------------------- printing

    /** One-line description of this module's own configuration, e.g. {@code Linear(784->300, bias)}. */
    protected String describe() { return getClass().getSimpleName(); }

    /** The module tree, one line per module, children indented under their names. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(describe());
        children.forEach((n, c) -> {
            String child = c.toString().replace("\n", "\n  ");
            sb.append("\n  (").append(n).append("): ").append(child);
        });
        return sb.toString();
    }
}

package org.sparsetrain.rigl;

import org.sparsetrain.engine.sparse.ExecutionMode;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.optim.Optimizer;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.distribution.LayerAllocation;
import org.sparsetrain.rigl.distribution.SparsityAllocation;
import org.sparsetrain.rigl.distribution.SparsityAllocator;
import org.sparsetrain.rigl.schedule.DropFractionSchedule;
import org.sparsetrain.rigl.schedule.GradualPruningSchedule;
import org.sparsetrain.rigl.schedule.UpdateTiming;
import org.sparsetrain.rigl.update.DropAndGrow;
import org.sparsetrain.rigl.update.DropGrowResult;
import org.sparsetrain.rigl.update.TopK;

/**
 * The sparse-training scheduler: owns the masks of a model's weights and changes them on the
 * reference's schedule (rigl-spec §4), with rigl-torch's two-line integration (§8.1):
 *
 * <pre>{@code
 * RigL rigl = RigL.attach(model, optimizer, config, totalSteps, rng);   // line 1
 * for (...) {
 *     optimizer.zeroGrad();
 *     Tensor loss = ...; loss.backward();
 *     if (rigl.step()) optimizer.step();                                // line 2
 * }
 * }</pre>
 *
 * <p><b>Execution</b> ({@link RigLConfig#execution()}, per layer by {@link ExecutionPlanner}). A SPARSE
 * layer ({@link CompressedLayer}) keeps values and optimizer state for its active positions only and
 * runs the sparse kernels; the dense gradient that the grow step needs is requested from the backward
 * pass one iteration ahead, only for iterations that use it. A MASKED layer ({@link MaskedLayer})
 * stores inactive weights as exact zeros in the model's dense weight tensor, so the forward pass is
 * {@code W ⊙ M} and the backward pass gives the dense gradient {@code ∂L/∂(W⊙M)}. Both give the same
 * numbers within float rounding; under AUTO a layer changes representation when a topology change
 * moves its density across the crossover (pruning). For masked layers: {@link #step()} reads that gradient where the
 * algorithm needs it, then zeroes it at inactive positions, so the optimizer (and its momentum)
 * never sees them. Every position whose state a topology change flips gets weight 0 and fresh
 * optimizer state ({@link Optimizer#resetStateAt}); together with the masked gradient this keeps
 * inactive weights exactly 0 after {@code optimizer.step()} for any element-wise optimizer (SGD
 * with momentum, Nesterov and weight decay), without a third call. {@link #step()} checks that
 * invariant on entry and fails loudly if something broke it; {@link #checkMasks()} checks it on
 * demand.
 *
 * <p><b>Clock.</b> The schedules run on TF global steps: optimizer steps taken, counted by the
 * {@code true} returns of {@link #step()}. An iteration that returns {@code false} (a RigL
 * update, the SNIP iteration) consumes a mini-batch but no step, so a run of {@code totalSteps}
 * steps needs {@code totalSteps + } (number of such iterations) mini-batches.
 *
 * <p>When each method changes the topology ({@code gs} = global step before this iteration's
 * optimizer step):
 * <ul>
 * <li>RIGL: iterations with {@code gs ∈ {B, B+ΔT, …} ≤ E}, evaluated before the step; the
 *     iteration does only the update and returns false (§4.1); repeated {@code gs} is not updated twice.
 * <li>SET, SNFS: the reference updates right after the optimizer step that reaches
 *     {@code gs ∈ {max(B,1), max(B,1)+ΔT, …} ≤ E}. The two-line API has no call after the step, so
 *     the update runs at the start of the next {@code step()}, on the same weights, before that
 *     iteration's gradient is masked and stepped. The topology decisions are the reference's; the
 *     one difference is that the batch of that iteration was computed with the old topology.
 * <li>SNIP: the first iteration prunes the dense model to the targets from {@code |g⊙W|} and
 *     returns false (§4.7); the masks then stay fixed.
 * <li>PRUNE: after the optimizer step reaching a pruning step of Zhu &amp; Gupta's schedule
 *     (same deferral as SET).
 * <li>STATIC: never.
 * </ul>
 */
public final class RigL {
    private final RigLConfig config;
    private final Optimizer optimizer;
    private final long totalSteps;
    private final long endStep;
    private final List<WeightLayer> layers;
    private final List<SparseLayer> sparse;
    private final List<SparseLayer> sparseView;
    private final SparsityAllocation allocation;
    private final long[] targetNnz;
    private final DropFractionSchedule dropSchedule;
    private final UpdateTiming timing;
    private final GradualPruningSchedule pruning;
    private final DenseGradientWindow window;
    private final Map<String, int[]> convInputSizes = new LinkedHashMap<>();

    long seed;
    long calls;
    long globalStep;
    long updates;
    long lastUpdateStep = -1;
    boolean snipped;
    private long optimizerStepOffset = Long.MIN_VALUE;
    private List<LayerUpdate> lastUpdate = List.of();

    private RigL(Module model, Optimizer optimizer, RigLConfig config, long totalSteps, Rng rng,
                 Map<String, Tensor> state) {
        this.config = Objects.requireNonNull(config, "RigL: config");
        this.optimizer = Objects.requireNonNull(optimizer, "RigL: optimizer");
        Objects.requireNonNull(model, "RigL: model");
        this.totalSteps = totalSteps;
        this.endStep = config.resolveEndStep(totalSteps);
        this.layers = List.copyOf(LayerDiscovery.discover(model, config.layers()));
        this.allocation = SparsityAllocator.allocate(layers.stream().map(WeightLayer::spec).toList(),
                config.distribution(), config.density());
        checkOptimizerOwns(optimizer, layers);
        List<WeightLayer> maskedLayers = layers.stream().filter(WeightLayer::masked).toList();
        this.targetNnz = maskedLayers.stream().mapToLong(l -> allocation.layer(l.name()).nnz()).toArray();
        int[] sizes = maskedLayers.stream().mapToInt(WeightLayer::numel).toArray();
        this.window = switch (config.method()) {
            case RIGL -> config.gradAccumulation() > 1 ? DenseGradientWindow.mean(sizes) : null;
            case SNFS -> DenseGradientWindow.ema(sizes, config.snfsMomentum());
            default -> null;
        };

        List<boolean[]> masks = new ArrayList<>();
        if (state == null) {
            Objects.requireNonNull(rng, "RigL: rng");
            this.seed = rng.nextLong();
            for (int l = 0; l < maskedLayers.size(); l++) {
                int n = maskedLayers.get(l).numel();
                masks.add(config.method().randomInitialMask() ? randomMask(n, targetNnz[l], rng) : allOnes(n));
            }
        } else {
            // masks come straight from the state, so weights loaded before this call are never touched at active positions
            masks.addAll(SchedulerState.load(this, maskedLayers, state));
        }
        List<SparseLayer> built = new ArrayList<>();
        for (int l = 0; l < maskedLayers.size(); l++) {
            WeightLayer wl = maskedLayers.get(l);
            if (wl.weight().isSparse()) {
                throw new IllegalArgumentException("RigL: weight '" + wl.name() + "' is already sparse; attach to a "
                        + "model whose weights are dense (one scheduler per model)");
            }
            SparseLayer s = new MaskedLayer(wl, masks.get(l));
            optimizer.resetStateAt(s.layer().weight(), inactive(s));
            built.add(s);
        }
        this.sparse = built;
        this.sparseView = java.util.Collections.unmodifiableList(built);
        for (int l = 0; l < sparse.size(); l++) replan(l);

        long begin = config.beginStep();
        this.dropSchedule = config.anneal().schedule(config.alpha(), begin, endStep, config.annealExponent());
        this.timing = config.method() == Method.RIGL ? UpdateTiming.rigl(begin, endStep, config.updateEvery())
                : UpdateTiming.set(begin, endStep, config.updateEvery());
        this.pruning = GradualPruningSchedule.cubic(1.0 - config.density(), begin, endStep, config.updateEvery());
        requestDenseGradients();
    }

    /**
     * Line 1: builds the masks of {@code model}'s sparsifiable weights and takes charge of them.
     * Initial masks are random with the allocation's exact counts (TF {@code get_mask_random_numpy}:
     * {@code n − floor(s·n)} ones, placed by a seeded shuffle, layer by layer in model order), or
     * all ones for SNIP and PRUNE; inactive weights are zeroed.
     *
     * @param model      the network; its Linear and Conv2d weights are found by {@link LayerDiscovery}
     * @param optimizer  the optimizer over (at least) every masked weight
     * @param config     the algorithm and its schedule
     * @param totalSteps optimizer steps of the whole run (resolves the end of the update window)
     * @param rng        seeds the initial masks and every later random choice
     * @throws IllegalArgumentException on a model without sparsifiable layer, an end step beyond the
     *                                  run, or a masked weight the optimizer does not update
     */
    public static RigL attach(Module model, Optimizer optimizer, RigLConfig config, long totalSteps, Rng rng) {
        return new RigL(model, optimizer, config, totalSteps, rng, null);
    }

    /**
     * Line 1 when resuming: attaches with the masks, counters and statistics of {@code state} (from
     * {@link #stateDict()}) instead of fresh random masks. Model weights and optimizer state may be
     * loaded before or after this call: it only zeroes weights the saved masks mark inactive
     * (already zero in a checkpoint of a masked run) and never resets state at active positions.
     *
     * @throws IllegalArgumentException when {@code state} does not match the model or the config
     */
    public static RigL attach(Module model, Optimizer optimizer, RigLConfig config, long totalSteps,
                              Map<String, Tensor> state) {
        return new RigL(model, optimizer, config, totalSteps, null, Objects.requireNonNull(state, "RigL: state"));
    }

    // ---------------------------------------------------------------- line 2

    /**
     * Call after {@code loss.backward()}, instead of a bare {@code optimizer.step()}: updates the
     * topology when the schedule says so, masks the gradients, and returns whether the caller
     * must now run {@code optimizer.step()} (false on a RigL update iteration and the SNIP
     * iteration, spec §4.1, §4.7).
     *
     * @throws IllegalStateException if an inactive weight is nonzero (something other than this
     *                               scheduler wrote it, or a non-element-wise optimizer moved it),
     *                               or if the optimizer took steps this scheduler did not allow
     */
    public boolean step() {
        checkOptimizerClock();
        checkMasks();
        calls++;
        long gs = globalStep;
        boolean takeStep = switch (config.method()) {
            case STATIC -> true;
            case RIGL -> rigLIteration(gs);
            case SET, SNFS -> {
                // this batch's dense gradients are read before the topology moves (a sparse layer's go with it)
                float[][] batch = window != null ? denseGradients() : null;
                if (timing.isUpdateStep(gs) && lastUpdateStep != gs) dropAndGrow(gs);
                if (window != null) fold(batch);
                yield true;
            }
            case SNIP -> {
                if (snipped) yield true;
                snip(gs);
                yield false;
            }
            case PRUNE -> {
                if (pruning.isPruningStep(gs) && lastUpdateStep != gs) prune(gs);
                yield true;
            }
        };
        for (SparseLayer s : sparse) s.maskGradient();
        if (takeStep) globalStep++;
        requestDenseGradients();
        return takeStep;
    }

    /**
     * Tells sparse layers whether the next backward pass must also produce the dense gradient: only when the
     * next {@link #step()} reads it (a RigL update or an accumulation iteration before one, every SNFS
     * iteration, the SNIP iteration). Other iterations cost only the sparse products.
     */
    private void requestDenseGradients() {
        long gs = globalStep;
        boolean needed = switch (config.method()) {
            case RIGL -> (timing.isUpdateStep(gs) && lastUpdateStep != gs)
                    || (window != null && accumulatesBeforeUpdate(gs));
            case SNFS -> true;
            // SET grows at random but, like masked execution, gives grown connections this batch's gradient
            case SET -> timing.isUpdateStep(gs) && lastUpdateStep != gs;
            case SNIP -> !snipped;
            case STATIC, PRUNE -> false;
        };
        for (SparseLayer s : sparse) s.layer().weight().requestDenseGradient(needed);
    }

    /** Puts layer l into the representation the planner wants for its current density (AUTO may switch). */
    private void replan(int l) {
        SparseLayer s = sparse.get(l);
        ExecutionMode want = ExecutionPlanner.choose(config.execution(), s.layer(), s.nnz());
        if (want == s.mode()) return;
        if (want == ExecutionMode.SPARSE) {
            sparse.set(l, new CompressedLayer(s.layer(), s.mask(), optimizer));
        } else {
            sparse.set(l, new MaskedLayer(s.layer(), ((CompressedLayer) s).release(optimizer)));
        }
    }

    private boolean rigLIteration(long gs) {
        boolean update = timing.isUpdateStep(gs) && lastUpdateStep != gs;
        if (window != null && (update || accumulatesBeforeUpdate(gs))) foldDenseGradients();
        if (!update) return true;
        dropAndGrow(gs);
        if (window != null) window.clear();
        return false;
    }

    /** True when a normal iteration at {@code gs} is among the last n − 1 before an update (spec §4.10). */
    private boolean accumulatesBeforeUpdate(long gs) {
        for (int j = 1; j < config.gradAccumulation(); j++) {
            if (timing.isUpdateStep(gs + j)) return true;
        }
        return false;
    }

    private void foldDenseGradients() {
        fold(denseGradients());
    }

    private float[][] denseGradients() {
        float[][] g = new float[sparse.size()][];
        for (int l = 0; l < g.length; l++) g[l] = sparse.get(l).denseGradient();
        return g;
    }

    private void fold(float[][] gradients) {
        for (int l = 0; l < gradients.length; l++) window.add(l, gradients[l]);
        window.endBatch();
    }

    // ---------------------------------------------------------------- topology changes

    private void dropAndGrow(long gs) {
        double f = dropSchedule.at(gs);
        List<LayerUpdate> report = new ArrayList<>();
        for (int l = 0; l < sparse.size(); l++) {
            SparseLayer s = sparse.get(l);
            int nDrop = DropAndGrow.dropCount(s.nnz(), f);
            if (s.nnz() == s.numel() || nDrop == 0) { // spec §3 edge cases: a no-op either way
                report.add(new LayerUpdate(s.name(), gs, f, 0, 0, 0, 0, s.nnz()));
                continue;
            }
            if (s instanceof CompressedLayer c) {
                // O(nnz) drop and a pass over the grow scores, no dense mask; same decisions as the dense update
                DropAndGrow.ActiveDropGrow a = DropAndGrow.updateActive(c.activeFlat(), c.activeWeights(),
                        growScores(l, gs), nDrop);
                c.setActive(a.newActive(), optimizer);
                replan(l);
                report.add(new LayerUpdate(s.name(), gs, f, a.dropped(), a.grown(), a.newConnections(), a.revived(),
                        sparse.get(l).nnz()));
                continue;
            }
            DropGrowResult r = DropAndGrow.update(s.mask(), s.weights(), growScores(l, gs), nDrop);
            apply(l, r.newMask());
            report.add(new LayerUpdate(s.name(), gs, f, r.dropped().length, r.grown().length,
                    r.newConnections().length, r.revived().length, sparse.get(l).nnz()));
        }
        finishUpdate(gs, report);
    }

    private float[] growScores(int l, long gs) {
        SparseLayer s = sparse.get(l);
        return switch (config.method()) {
            case RIGL -> window != null ? window.absScores(l) : abs(s.denseGradient(), s.numel());
            case SNFS -> window.absScores(l);
            case SET -> {
                Rng r = UpdateSeeds.rng(seed, gs, l);
                float[] u = new float[s.numel()];
                for (int i = 0; i < u.length; i++) u[i] = (float) r.nextDouble();
                yield u;
            }
            default -> throw new AssertionError(config.method() + " does not grow");
        };
    }

    private void snip(long gs) {
        List<LayerUpdate> report = new ArrayList<>();
        for (int l = 0; l < sparse.size(); l++) {
            SparseLayer s = sparse.get(l);
            int before = s.nnz();
            if (targetNnz[l] < s.numel()) {
                float[] w = s.weights();
                float[] g = s.denseGradient();
                float[] score = new float[w.length];
                if (g != null) for (int i = 0; i < w.length; i++) score[i] = Math.abs(g[i] * w[i]);
                apply(l, maskOf(s.numel(), TopK.largest(score, (int) targetNnz[l])));
            }
            int after = sparse.get(l).nnz(); // the layer may have changed representation
            report.add(new LayerUpdate(s.name(), gs, Double.NaN, before - after, 0, 0, 0, after));
        }
        snipped = true;
        finishUpdate(gs, report);
    }

    private void prune(long gs) {
        List<LayerUpdate> report = new ArrayList<>();
        for (int l = 0; l < sparse.size(); l++) {
            SparseLayer s = sparse.get(l);
            int before = s.nnz();
            double layerFinal = allocation.layer(s.name()).sparsity();
            long k = Math.min(before, GradualPruningSchedule.keptCount(s.numel(), pruning.layerSparsityAt(gs, layerFinal)));
            if (k < before) {
                float[] w = s.weights();
                for (int i = 0; i < w.length; i++) w[i] = Math.abs(w[i]);
                // candidates are the active positions only, so the mask can only shrink
                apply(l, maskOf(s.numel(), TopK.largest(w, activeIndices(s), (int) k)));
            }
            int after = sparse.get(l).nnz(); // the layer may have changed representation
            report.add(new LayerUpdate(s.name(), gs, Double.NaN, before - after, 0, 0, 0, after));
        }
        finishUpdate(gs, report);
    }

    private void apply(int l, boolean[] newMask) {
        sparse.get(l).setMask(newMask, optimizer);
        replan(l);
    }

    private void finishUpdate(long gs, List<LayerUpdate> report) {
        lastUpdateStep = gs;
        updates++;
        lastUpdate = List.copyOf(report);
    }

    // ---------------------------------------------------------------- invariants

    /**
     * Checks that every inactive weight is exactly 0.
     *
     * @throws IllegalStateException naming the layer, the flat index and the value otherwise
     */
    public void checkMasks() {
        for (SparseLayer s : sparse) {
            int i = s.firstNonzeroInactive();
            if (i >= 0) {
                throw new IllegalStateException("RigL: inactive weight " + s.name() + "[" + i + "] = "
                        + s.layer().weight().data().getFlat(i) + " is not 0; only call optimizer.step() when "
                        + "rigl.step() returns true, use an element-wise optimizer, and load model weights saved "
                        + "with their masks");
            }
        }
    }

    private void checkOptimizerClock() {
        long expected = optimizer.steps() - globalStep;
        if (optimizerStepOffset == Long.MIN_VALUE) {
            optimizerStepOffset = expected; // first call after attach or load: the optimizer may have history
        } else if (expected != optimizerStepOffset) {
            throw new IllegalStateException("RigL: the optimizer has taken " + (optimizer.steps() - optimizerStepOffset)
                    + " steps since attach, but rigl.step() allowed " + globalStep
                    + "; call optimizer.step() exactly when rigl.step() returns true");
        }
    }

    // ---------------------------------------------------------------- accessors

    public RigLConfig config() { return config; }

    public Method method() { return config.method(); }

    /** Optimizer steps of the run this scheduler was attached for. */
    public long totalSteps() { return totalSteps; }

    /** Last global step of the update window (inclusive), resolved from the config. */
    public long endStep() { return endStep; }

    /** Optimizer steps taken so far (TF's global step). */
    public long globalStep() { return globalStep; }

    /** Calls of {@link #step()} so far (rigl-torch's {@code step}). */
    public long calls() { return calls; }

    /** Topology changes so far (rigl-torch's {@code rigl_steps}; the SNIP iteration and pruning steps count). */
    public long topologyUpdates() { return updates; }

    /** What the latest topology change did, per masked layer; empty before the first. */
    public List<LayerUpdate> lastUpdate() { return lastUpdate; }

    /** The drop fraction the schedule gives at global step {@code gs}. */
    public double dropFractionAt(long gs) { return dropSchedule.at(gs); }

    /** True when the topology changes at global step {@code gs} (for PRUNE: a pruning step; SNIP: gs 0). */
    public boolean isUpdateStep(long gs) {
        return switch (config.method()) {
            case STATIC -> false;
            case SNIP -> gs == 0;
            case PRUNE -> pruning.isPruningStep(gs);
            default -> timing.isUpdateStep(gs);
        };
    }

    /** Every Linear/Conv2d weight of the model, masked or not, in model order. */
    public List<WeightLayer> weightLayers() { return layers; }

    /** The masked layers, in model order. */
    public List<SparseLayer> sparseLayers() { return sparseView; }

    /** The target allocation (per-layer sparsity and counts, spec §2). */
    public SparsityAllocation allocation() { return allocation; }

    /** Active weights of the named layer (all of them for an unmasked layer). */
    public long nnz(String layer) {
        for (SparseLayer s : sparse) if (s.name().equals(layer)) return s.nnz();
        return weightLayer(layer).numel();
    }

    /**
     * How the named layer runs now: SPARSE or MASKED for a masked layer (AUTO resolved per layer), DENSE for a
     * layer the scheduler does not mask.
     */
    public ExecutionMode execution(String layer) {
        for (SparseLayer s : sparse) if (s.name().equals(layer)) return s.mode();
        weightLayer(layer);
        return ExecutionMode.DENSE;
    }

    /** Current density of the named layer. */
    public double density(String layer) {
        return (double) nnz(layer) / weightLayer(layer).numel();
    }

    /** Active weights over all Linear/Conv2d weights, unmasked ones included. */
    public long totalNnz() {
        long n = 0;
        for (WeightLayer l : layers) n += nnz(l.name());
        return n;
    }

    public long totalWeights() {
        return layers.stream().mapToLong(WeightLayer::numel).sum();
    }

    /** {@link #totalNnz()} / {@link #totalWeights()}. */
    public double overallDensity() {
        return (double) totalNnz() / totalWeights();
    }

    WeightLayer weightLayer(String name) {
        for (WeightLayer l : layers) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("RigL: no weight layer '" + name + "'; layers are "
                + layers.stream().map(WeightLayer::name).toList());
    }

    // ---------------------------------------------------------------- FLOPs and size

    /**
     * Records the spatial input size a convolution sees, which the FLOP count needs (spec §5.1)
     * and the weights alone do not give. Linear layers need nothing.
     */
    public RigL convInputSize(String layer, int height, int width) {
        WeightLayer l = weightLayer(layer);
        if (!l.conv()) throw new IllegalArgumentException("RigL: layer '" + layer + "' is not a convolution");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("RigL: input size of '" + layer + "' must be positive, got "
                    + height + "x" + width);
        }
        convInputSizes.put(layer, new int[] {height, width});
        return this;
    }

    /** Per-example inference FLOPs at the current per-layer densities, and the dense model's (spec §5.2). */
    public Flops inferenceFlops() {
        return ModelFlops.inference(this, convInputSizes);
    }

    /**
     * Per-example, per-iteration training FLOPs of this method (spec §5.3) at the current
     * densities; PRUNE averages its schedule over the run, sampled every ΔT steps.
     */
    public Flops trainingFlops() {
        return ModelFlops.training(this, convInputSizes, pruning);
    }

    /** Size in bytes: float32 values of active weights, 1-bit masks of sparse layers, biases (spec §5.1). */
    public double modelSizeBytes() {
        return ModelFlops.sizeBytes(this, convInputSizes, false);
    }

    /** The dense model's size in bytes, counted the same way. */
    public double denseModelSizeBytes() {
        return ModelFlops.sizeBytes(this, convInputSizes, true);
    }

    // ---------------------------------------------------------------- state

    /**
     * Masks (one bit per weight), counters, the update seed and the gradient statistics, by name
     * ({@link SchedulerState} lists the keys). With the model's and the optimizer's state dicts
     * it resumes a run exactly: pass it to {@link #attach(Module, Optimizer, RigLConfig, long, Map)}.
     */
    public Map<String, Tensor> stateDict() {
        return SchedulerState.save(this);
    }

    DenseGradientWindow window() { return window; }

    long[] targetNnz() { return targetNnz; }

    // ---------------------------------------------------------------- printing

    /** The per-layer table: name, shape, status, density, nnz, FLOPs (when known), with totals. */
    @Override public String toString() {
        return SparsityReport.table(this, convInputSizes);
    }

    /** rigl-torch's {@code RigLScheduler.__str__} (spec §8.7), for comparison with its logs. */
    public String toRigLTorchString() {
        return SparsityReport.rigLTorch(this);
    }

    // ---------------------------------------------------------------- helpers

    private static void checkOptimizerOwns(Optimizer optimizer, List<WeightLayer> layers) {
        Map<Parameter, Boolean> owned = new IdentityHashMap<>();
        for (Parameter p : optimizer.parameters()) owned.put(p, Boolean.TRUE);
        for (WeightLayer l : layers) {
            if (l.masked() && !owned.containsKey(l.weight())) {
                throw new IllegalArgumentException("RigL: masked weight '" + l.name()
                        + "' is not among the optimizer's parameters; build the optimizer over model.parameters()");
            }
        }
    }

    private static boolean[] randomMask(int n, long nnz, Rng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        rng.shuffle(order);
        boolean[] mask = new boolean[n];
        for (int j = 0; j < nnz; j++) mask[order[j]] = true;
        return mask;
    }

    private static boolean[] allOnes(int n) {
        boolean[] m = new boolean[n];
        java.util.Arrays.fill(m, true);
        return m;
    }

    private static boolean[] maskOf(int n, int[] active) {
        boolean[] m = new boolean[n];
        for (int i : active) m[i] = true;
        return m;
    }

    private static int[] inactive(SparseLayer s) {
        int[] out = new int[s.numel() - s.nnz()];
        int c = 0;
        for (int i = 0; i < s.numel(); i++) if (!s.isActive(i)) out[c++] = i;
        return out;
    }

    private static int[] activeIndices(SparseLayer s) {
        int[] out = new int[s.nnz()];
        int c = 0;
        for (int i = 0; i < s.numel(); i++) if (s.isActive(i)) out[c++] = i;
        return out;
    }

    /** {@code |g|} in place ({@code g} is a fresh copy), or zeros when the layer had no gradient. */
    private static float[] abs(float[] g, int n) {
        if (g == null) return new float[n];
        for (int i = 0; i < n; i++) g[i] = Math.abs(g[i]);
        return g;
    }

}

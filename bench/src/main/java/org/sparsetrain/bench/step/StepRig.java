package org.sparsetrain.bench.step;

import java.util.Locale;

import org.sparsetrain.engine.data.Batch;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.sparse.ExecutionMode;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.models.Architecture;
import org.sparsetrain.rigl.Method;
import org.sparsetrain.rigl.RigL;
import org.sparsetrain.rigl.RigLConfig;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * A model, its optimizer and (for sparse runs) its RigL scheduler, training on prepared batches
 * ({@link StepBatches}: real Fashion-MNIST batches cycled, or one fixed synthetic batch): what the step
 * benchmarks time. The loop body is the CLI trainer's ({@code cli.Trainer}): zero the gradients,
 * forward, cross-entropy with label smoothing 0.1, backward, {@code if (rigl.step()) optimizer.step()}.
 *
 * <p>The run is declared so long ({@link #TOTAL_STEPS}) that the update window never closes while a benchmark
 * runs: every ΔT-th step is a topology update and the drop fraction stays at α.
 */
final class StepRig {
    static final int BATCH = 128;
    /** Far beyond any benchmark's step count: updates never stop, the cosine drop fraction stays ≈ α. */
    static final long TOTAL_STEPS = 1L << 40;

    private final Module model;
    private final SGD optimizer;
    private final RigL rigl;
    private final StepBatches data;

    private StepRig(Module model, SGD optimizer, RigL rigl, StepBatches data) {
        this.model = model;
        this.optimizer = optimizer;
        this.rigl = rigl;
        this.data = data;
    }

    /**
     * @param modelName  {@code lenet300100} or {@code lenet5} (any {@link Architecture} name works)
     * @param run        {@code dense}, or {@code masked:D} / {@code sparse:D} for RigL at uniform density D
     * @param updateEvery ΔT of the RigL schedule
     * @param data       {@code fashion} or {@code synthetic} ({@link StepBatches#of})
     */
    static StepRig create(String modelName, String run, long updateEvery, String data) {
        Rng rng = new Rng(7);
        int[] item = {1, 28, 28};
        Module model = Architecture.parse(modelName).create(item, 10, 1.0, rng);
        model.train();
        SGD optimizer = new SGD(model.parameters(), SgdConfig.of(0.01).withMomentum(0.9).withWeightDecay(5e-4));
        RigL rigl = null;
        if (!run.equals("dense")) {
            String[] parts = run.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("run must be dense, masked:D or sparse:D, got '" + run + "'");
            }
            ExecutionMode mode = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "masked" -> ExecutionMode.MASKED;
                case "sparse" -> ExecutionMode.SPARSE;
                default -> throw new IllegalArgumentException("run mode must be masked or sparse, got '" + parts[0] + "'");
            };
            RigLConfig config = RigLConfig.builder().method(Method.RIGL).density(Double.parseDouble(parts[1]))
                    .distribution(Distribution.UNIFORM).updateEvery(updateEvery).dropFraction(0.3).endFraction(0.75)
                    .execution(mode).build();
            rigl = RigL.attach(model, optimizer, config, TOTAL_STEPS, rng.split());
        }
        return new StepRig(model, optimizer, rigl, StepBatches.of(data, BATCH, rng));
    }

    /** One training iteration; returns the loss (so the JIT cannot drop the work). */
    double step() {
        Tensor loss = forwardBackward();
        if (rigl == null || rigl.step()) optimizer.step();
        return loss.item();
    }

    /** Zero the gradients, forward, loss, backward: everything of an iteration before {@code rigl.step()}. */
    Tensor forwardBackward() {
        optimizer.zeroGrad();
        Batch batch = data.next();
        Tensor logits = model.forward(batch.x());
        Tensor loss = Functional.crossEntropy(logits, batch.labels(), 0.1);
        loss.backward();
        return loss;
    }

    /** The scheduler (null for dense runs). */
    RigL rigl() { return rigl; }
}

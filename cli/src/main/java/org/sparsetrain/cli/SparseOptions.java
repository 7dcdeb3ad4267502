package org.sparsetrain.cli;

import org.sparsetrain.engine.sparse.ExecutionMode;

import java.util.Locale;

import org.sparsetrain.rigl.DropFractionAnneal;
import org.sparsetrain.rigl.Method;
import org.sparsetrain.rigl.RigLConfig;
import org.sparsetrain.rigl.distribution.Distribution;

/**
 * The sparse-training flags of {@code train}, parsed once: {@code --method}, {@code --density},
 * {@code --distribution}, {@code --delta}, {@code --alpha}, {@code --t-end}, {@code --grad-accumulation},
 * {@code --execution}.
 * {@code null} in {@link TrainConfig} means dense training.
 */
record SparseOptions(Method method, double density, String distribution, long delta, double alpha, double endFraction,
                     int gradAccumulation, ExecutionMode execution) {

    static final String DEFAULT_DISTRIBUTION = "erk";

    /** The scheduler configuration; invalid combinations become usage errors naming the flag. */
    RigLConfig toConfig() {
        try {
            return RigLConfig.builder().method(method).density(density).distribution(parseDistribution(distribution))
                    .updateEvery(delta).dropFraction(alpha).anneal(DropFractionAnneal.COSINE).endFraction(endFraction)
                    .gradAccumulation(gradAccumulation).execution(execution).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
    }

    static Distribution parseDistribution(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "uniform" -> Distribution.UNIFORM;
            case "er" -> Distribution.ER;
            case "erk" -> Distribution.ERK;
            default -> throw new UsageException("train: --distribution must be uniform, er or erk; got '" + name + "'");
        };
    }

    /** Parses the flags; {@code null} for {@code --method dense} (the default), which rejects the other flags. */
    static SparseOptions parse(Flags flags) {
        String m = flags.stringValue("method", "dense");
        if (m.equalsIgnoreCase("dense")) {
            for (String f : new String[] {"density", "distribution", "delta", "alpha", "t-end", "grad-accumulation", "execution"}) {
                if (flags.has(f)) throw new UsageException("train: --" + f + " needs a sparse --method (static, set, snfs, rigl, snip, prune)");
            }
            return null;
        }
        Method method;
        try {
            method = Method.parse(m);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: --method: " + e.getMessage().replace("(dense training: do not attach a scheduler)", "or dense"));
        }
        double density = flags.doubleValue("density", 0.1, Double.MIN_VALUE, 1);
        String distribution = flags.stringValue("distribution", DEFAULT_DISTRIBUTION);
        parseDistribution(distribution);
        return new SparseOptions(method, density, distribution, flags.longValue("delta", 100, 1),
                flags.doubleValue("alpha", 0.3, 0, 1), flags.doubleValue("t-end", 0.75, Double.MIN_VALUE, 1),
                flags.intValue("grad-accumulation", 1, 1), parseExecution(flags.stringValue("execution", "auto")));
    }

    static ExecutionMode parseExecution(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "masked" -> ExecutionMode.MASKED;
            case "sparse" -> ExecutionMode.SPARSE;
            case "auto" -> ExecutionMode.AUTO;
            default -> throw new UsageException("train: --execution must be auto, sparse or masked; got '" + name + "'");
        };
    }

    /**
     * Rejects a run whose update window ({@code --t-end} of {@code totalSteps}) is shorter than one update interval:
     * the topology (or, for pruning, the density) would never change, which is never what was asked for.
     */
    void checkWindow(long totalSteps) {
        boolean updates = method == Method.SET || method == Method.SNFS || method == Method.RIGL || method == Method.PRUNE;
        long window = (long) Math.floor(endFraction * totalSteps);
        if (updates && delta > window) {
            throw new UsageException(String.format(Locale.ROOT, "train: --delta %d is longer than the update window "
                    + "(--t-end %s of %d steps = %d steps): %s would never %s; use a smaller --delta or a longer run",
                    delta, endFraction, totalSteps, window, method.name().toLowerCase(Locale.ROOT),
                    method == Method.PRUNE ? "prune" : "update the topology"));
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%s at density %s (%s), update every %d steps, drop fraction %s (cosine) until %s of the run%s, %s execution",
                method.name().toLowerCase(Locale.ROOT), density, distribution, delta, alpha, endFraction,
                gradAccumulation > 1 ? ", gradient accumulated over " + gradAccumulation + " batches" : "",
                execution.name().toLowerCase(Locale.ROOT));
    }
}

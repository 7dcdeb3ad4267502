package org.sparsetrain.engine.nn;

import org.sparsetrain.engine.ops.Functional;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and survivors are scaled
 * by {@code 1/(1-p)}; in evaluation mode the identity. Masks are drawn from the module's own seeded generator.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        if (rng == null) throw new IllegalArgumentException("Dropout: rng must not be null");
        this.p = p;
        this.rng = rng;
    }

    public double p() { return p; }

    @Override public Tensor forward(Tensor x) { return Functional.dropout(x, p, isTraining(), rng); }

    @Override protected String describe() { return "Dropout(p=" + p + ")"; }
}

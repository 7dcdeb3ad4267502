package org.sparsetrain.engine.optim;

/**
 * Hyper-parameters of {@link SGD}, validated on construction. Build with {@link #of(double)} and the
 * {@code with...} methods; set the momentum before enabling Nesterov.
 *
 * @param lr          learning rate, finite and {@code >= 0}
 * @param momentum    momentum factor in {@code [0, 1)}; 0 disables the momentum buffer
 * @param dampening   in {@code [0, 1]}: the new gradient enters the buffer scaled by {@code 1 - dampening}
 * @param nesterov    Nesterov momentum (Sutskever et al., 2013, as formulated by PyTorch); needs
 *                    {@code momentum > 0} and {@code dampening == 0}
 * @param weightDecay L2 penalty coefficient, {@code >= 0}, added to the gradient as {@code weightDecay * w}
 */
public record SgdConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
    public SgdConfig {
        checkLr(lr);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("SGD: dampening must be in [0, 1], got " + dampening);
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("SGD: weight decay must be finite and >= 0, got " + weightDecay);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    static void checkLr(double lr) {
        if (!(lr >= 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("SGD: learning rate must be finite and >= 0, got " + lr);
        }
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static SgdConfig of(double lr) { return new SgdConfig(lr, 0, 0, false, 0); }

    public SgdConfig withMomentum(double m) { return new SgdConfig(lr, m, dampening, nesterov, weightDecay); }

    public SgdConfig withDampening(double d) { return new SgdConfig(lr, momentum, d, nesterov, weightDecay); }

    public SgdConfig withNesterov(boolean n) { return new SgdConfig(lr, momentum, dampening, n, weightDecay); }

    public SgdConfig withWeightDecay(double wd) { return new SgdConfig(lr, momentum, dampening, nesterov, wd); }
}

package org.sparsetrain.engine.nn.init;

/**
 * The nonlinearity that follows a layer, for the recommended initialisation gain (PyTorch's
 * {@code torch.nn.init.calculate_gain}).
 */
public enum Nonlinearity {
    LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SELU;

    /** The gain; {@link #LEAKY_RELU} uses PyTorch's default negative slope 0.01. */
    public double gain() { return gain(0.01); }

    /**
     * The gain with a parameter: {@link #LEAKY_RELU}'s negative slope {@code a} gives {@code sqrt(2 / (1 + a^2))};
     * the others ignore it.
     */
    public double gain(double param) {
        return switch (this) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + param * param));
            case SELU -> 3.0 / 4.0;
        };
    }
}

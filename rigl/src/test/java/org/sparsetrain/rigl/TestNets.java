package org.sparsetrain.rigl;

import java.util.List;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Linear;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.nn.ReLU;
import org.sparsetrain.engine.nn.Sequential;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** Small networks and helpers shared by the scheduler tests. */
final class TestNets {
    private TestNets() {}

    /** Linear layers with ReLU between them: sizes {@code [in, h1, …, out]}. Parameters {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … */
    static Sequential mlp(Rng rng, int... sizes) {
        Module[] mods = new Module[2 * (sizes.length - 1) - 1];
        for (int i = 0; i + 1 < sizes.length; i++) {
            mods[2 * i] = new Linear(sizes[i], sizes[i + 1], true, rng);
            if (2 * i + 1 < mods.length) mods[2 * i + 1] = new ReLU();
        }
        return new Sequential(mods);
    }

    /** The conv net of rigl-spec §2.3: conv(1→32,5×5), conv(32→64,5×5), fc 1024→512, fc 512→10. */
    static final class SpecConvNet extends Module {
        SpecConvNet(Rng rng) {
            registerModule("conv1", new Conv2d(1, 32, 5, 1, 0, 1, true, rng));
            registerModule("conv2", new Conv2d(32, 64, 5, 1, 0, 1, true, rng));
            registerModule("fc1", new Linear(1024, 512, true, rng));
            registerModule("fc2", new Linear(512, 10, true, rng));
        }

        @Override public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("only the weights of this net are used");
        }
    }

    static SGD sgd(Module m, double lr, double momentum) {
        SgdConfig c = SgdConfig.of(lr).withMomentum(momentum);
        return new SGD(m.parameters(), c);
    }

    static SGD sgdNesterov(Module m, double lr, double momentum, double weightDecay) {
        return new SGD(m.parameters(), SgdConfig.of(lr).withMomentum(momentum).withNesterov(true).withWeightDecay(weightDecay));
    }

    /** Gives every parameter a seeded N(0, 1) gradient, as a backward pass would. */
    static void randomGradients(Module m, Rng rng) {
        for (Parameter p : m.parameters()) p.data().setGrad(Tensor.randn(p.dtype(), rng, p.shape().dims()));
    }

    static Parameter param(Module m, String name) {
        Parameter p = m.namedParameters().get(name);
        if (p == null) throw new IllegalArgumentException("no parameter " + name + " in " + m.namedParameters().keySet());
        return p;
    }

    static void setValues(Tensor t, float... v) {
        for (int i = 0; i < v.length; i++) t.setFlat(i, v[i]);
    }

    static List<Integer> activeList(SparseLayer s) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.numel(); i++) if (s.isActive(i)) out.add(i);
        return out;
    }

    /**
     * A config builder with MASKED execution: the scheduler tests inject gradients into the dense weight tensors
     * and read the masks there, so they pin the representation; SPARSE execution is tested against MASKED in
     * {@code SparseExecutionTest}.
     */
    static RigLConfig.Builder masked() {
        return RigLConfig.builder().execution(org.sparsetrain.engine.sparse.ExecutionMode.MASKED);
    }
}

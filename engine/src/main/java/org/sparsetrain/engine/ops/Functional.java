package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * The differentiable ops in one place, like {@code torch.nn.functional}: each method delegates to the op's own
 * class, where its derivative and shapes are documented.
 */
public final class Functional {
    private Functional() {}

    public static Tensor add(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.ADD, a, b); }

    public static Tensor sub(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.SUB, a, b); }

    public static Tensor mul(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.MUL, a, b); }

    public static Tensor div(Tensor a, Tensor b) { return ElementwiseBinary.apply(BinaryOp.DIV, a, b); }

    public static Tensor matmul(Tensor a, Tensor b) { return MatMul.apply(a, b); }

    public static Tensor relu(Tensor x) { return Relu.apply(x); }

    public static Tensor sum(Tensor x) { return Reduce.sum(x); }

    public static Tensor mean(Tensor x) { return Reduce.mean(x); }

    public static Tensor reshape(Tensor x, int... dims) { return Reshape.apply(x, dims); }

    public static Tensor toFeatureMajor(Tensor x) { return Layout.toFeatureMajor(x); }

    public static Tensor toBatchMajor(Tensor x) { return Layout.toBatchMajor(x); }
}

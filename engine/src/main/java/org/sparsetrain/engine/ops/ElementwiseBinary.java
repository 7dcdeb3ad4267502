package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backend;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.tensor.Shape;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * {@code add}, {@code sub}, {@code mul}, {@code div} with NumPy broadcasting.
 * Derivatives: d(a+b) = (g, g); d(a-b) = (g, -g); d(a*b) = (g*b, g*a); d(a/b) = (g/b, -g*a/b^2), each summed
 * back to its input's shape over the broadcast dimensions ({@link Broadcast#reduceTo}).
 */
public final class ElementwiseBinary {
    private ElementwiseBinary() {}

    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        Checks.sameDType(name, a, b);
        Shape outShape = Broadcast.shape(name, a.shape(), b.shape());
        Tensor out = forward(op, a, b, outShape);
        return Autograd.recordOutputFree(name, out, g -> backward(op, a, b, g), a, b);
    }

    private static Tensor forward(BinaryOp op, Tensor a, Tensor b, Shape outShape) {
        Tensor out = Tensor.zeros(a.dtype(), outShape);
        Backend be = Backends.get();
        if (a.shape().equals(b.shape())) {
            be.binary(op, a, b, out);
        } else if (b.size() == 1 && a.shape().equals(outShape) && op != BinaryOp.DIV) {
            // tensor (op) scalar: one affine pass instead of the general index mapping.
            double s = b.getFlat(0);
            switch (op) {
                case ADD -> be.affine(a, 1, s, out);
                case SUB -> be.affine(a, 1, -s, out);
                default -> be.affine(a, s, 0, out);
            }
        } else {
            Broadcast.binaryGeneral(op, a, b, out);
        }
        return out;
    }

    private static Tensor[] backward(BinaryOp op, Tensor a, Tensor b, Tensor g) {
        Tensor ga = null, gb = null;
        switch (op) {
            case ADD -> {
                ga = g;
                gb = g;
            }
            case SUB -> {
                ga = g;
                gb = forward(BinaryOp.MUL, g, Tensor.scalar(g.dtype(), -1), g.shape());
            }
            case MUL -> {
                if (a.requiresGrad()) ga = forward(BinaryOp.MUL, g, b, g.shape());
                if (b.requiresGrad()) gb = forward(BinaryOp.MUL, g, a, g.shape());
            }
            case DIV -> {
                if (a.requiresGrad()) ga = forward(BinaryOp.DIV, g, b, g.shape());
                if (b.requiresGrad()) {
                    Tensor ab2 = forward(BinaryOp.DIV, forward(BinaryOp.DIV, a, b, g.shape()), b, g.shape());
                    gb = forward(BinaryOp.MUL, g, ab2, g.shape());
                    Backends.get().affine(gb, -1, 0, gb);
                }
            }
        }
        return new Tensor[] {
            ga == null ? null : Broadcast.reduceTo(ga, a.shape()),
            gb == null ? null : Broadcast.reduceTo(gb, b.shape())
        };
    }
}

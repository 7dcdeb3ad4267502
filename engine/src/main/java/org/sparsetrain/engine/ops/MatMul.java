package org.sparsetrain.engine.ops;

import org.sparsetrain.engine.autograd.Autograd;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * Matrix product {@code C[m][n] = A[m][k] · B[k][n]} of rank-2 tensors.
 * Derivatives: {@code dA = dC · Bᵀ}, {@code dB = Aᵀ · dC} (the GEMM's transposed orientations).
 */
public final class MatMul {
    private MatMul() {}

    public static Tensor apply(Tensor a, Tensor b) {
        Checks.sameDType("matmul", a, b);
        Checks.rank("matmul", "left operand", a, 2, "[m, k]");
        Checks.rank("matmul", "right operand", b, 2, "[k, n]");
        if (a.dim(1) != b.dim(0)) {
            throw new IllegalArgumentException("matmul: left operand " + a.shape() + " has " + a.dim(1)
                    + " columns but right operand " + b.shape() + " has " + b.dim(0) + " rows");
        }
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        Tensor c = Tensor.zeros(a.dtype(), m, n);
        Backends.get().gemm(false, false, m, n, k, 1, a, b, 0, c);
        return Autograd.record("matmul", c, g -> {
            Tensor ga = null, gb = null;
            if (a.requiresGrad()) {
                ga = Autograd.newGradient(a.dtype(), m, k);
                Backends.get().gemm(false, true, m, k, n, 1, g, b, 0, ga);
            }
            if (b.requiresGrad()) {
                gb = Autograd.newGradient(b.dtype(), k, n);
                Backends.get().gemm(true, false, k, n, m, 1, a, g, 0, gb);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }
}

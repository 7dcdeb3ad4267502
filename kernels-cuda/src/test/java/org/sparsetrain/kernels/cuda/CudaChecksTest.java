package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.ConvGeometry;
import org.sparsetrain.engine.backend.PoolGeometry;
import org.sparsetrain.engine.tensor.Tensor;

/** Argument validation and convolution planning, on the host, without a GPU. */
class CudaChecksTest {
    @Test void gemmNamesTheOperandAndTheExpectedSize() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaChecks.gemm(4, 3, 5, Tensor.zeros(4, 5), Tensor.zeros(5, 3), Tensor.zeros(4, 4)));
        assertEquals("gemm: c has 16 elements [4, 4], expected m*n = 4*3 = 12", e.getMessage().replace("(", "[").replace(")", "]"));
        var f = assertThrows(IllegalArgumentException.class,
                () -> CudaChecks.gemm(4, 3, 5, Tensor.zeros(5, 5), Tensor.zeros(5, 3), Tensor.zeros(4, 3)));
        assertTrue(f.getMessage().startsWith("gemm: a has 25 elements"), f.getMessage());
        CudaChecks.gemm(4, 3, 5, Tensor.zeros(5, 4), Tensor.zeros(3, 5), Tensor.zeros(4, 3));   // transposed storage: same sizes
    }

    @Test void sameSizeAndRows() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaChecks.sameSize("binary ADD", Tensor.zeros(3), Tensor.zeros(3), Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("binary ADD: argument 3 has 4 elements"), e.getMessage());
        assertEquals(5, CudaChecks.rows("sumRows", Tensor.zeros(3, 5), 3));
        var f = assertThrows(IllegalArgumentException.class, () -> CudaChecks.rows("sumRows", Tensor.zeros(3, 5), 4));
        assertTrue(f.getMessage().contains("do not split into 4 rows"), f.getMessage());
    }

    @Test void convAndPoolShapes() {
        ConvGeometry g = new ConvGeometry(2, 4, 5, 5, 6, 3, 3, 1, 1, 1, 1, 2);
        CudaChecks.conv("conv2dForward", g, Tensor.zeros(4, 5, 5, 2), Tensor.zeros(6, 2, 3, 3), Tensor.zeros(6, 5, 5, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> CudaChecks.conv("conv2dForward", g,
                Tensor.zeros(4, 5, 5, 2), Tensor.zeros(6, 4, 3, 3), Tensor.zeros(6, 5, 5, 2)));
        assertTrue(e.getMessage().startsWith("conv2dForward: weight has 216 elements"), e.getMessage());
        PoolGeometry p = new PoolGeometry(2, 3, 4, 4, 2, 2, 2, 2, 0, 0);
        var f = assertThrows(IllegalArgumentException.class, () -> CudaChecks.pool("maxPool2dForward", p,
                Tensor.zeros(3, 4, 4, 2), Tensor.zeros(3, 2, 2, 2), new int[5]));
        assertTrue(f.getMessage().contains("argmax has 5 entries, expected at least 24"), f.getMessage());
    }

    @Test void convPlanGroupsAndThePointwiseShortcut() {
        ConvPlan p = new ConvPlan(new ConvGeometry(8, 4, 6, 6, 6, 3, 3, 2, 2, 1, 1, 2));
        assertEquals(2 * 9, p.taps);
        assertEquals(3 * 3 * 8, p.positions);
        assertEquals(3, p.coG);
        assertEquals(2L * 6 * 6 * 8 * 4, p.xGroupOffset(1));
        assertEquals(3L * 18 * 4, p.wGroupOffset(1));
        assertEquals(3L * 72 * 4, p.yGroupOffset(1));
        assertEquals(18L * 72 * 4, p.colsBytes());
        assertTrue(!p.pointwise);
        assertTrue(new ConvPlan(new ConvGeometry(8, 4, 6, 6, 6, 1, 1, 1, 1, 0, 0, 1)).pointwise);
        assertTrue(!new ConvPlan(new ConvGeometry(8, 4, 6, 6, 6, 1, 1, 2, 2, 0, 0, 1)).pointwise, "strided 1x1 needs im2col");
    }
}

package org.sparsetrain.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.backend.BinaryOp;
import org.sparsetrain.engine.backend.UnaryOp;

/** Without a GPU: the host code's kernel names exist in the PTX, and the op codes the kernels switch on are the enums' ordinals. */
class KernelEntryPointsTest {
    /** Every kernel the host launches, by module (kept in step with CudaBackend and CudaSparseKernels). */
    static final Map<String, Set<String>> LAUNCHED = Map.of(
            "elementwise", Set.of("binary_f32", "unary_f32", "axpy_f32", "affine_f32", "relu_backward_f32", "add_row_bias_f32"),
            "reduce", Set.of("sum_rows_f32", "sum_partial_f32", "sum_final_f64"),
            "batchnorm", Set.of("channel_mean_var_f32", "batch_norm_apply_f32", "batch_norm_backward_f32"),
            "pooling", Set.of("max_pool_forward_f32", "max_pool_backward_f32", "avg_pool_forward_f32", "avg_pool_backward_f32"),
            "softmax", Set.of("log_softmax_forward_f32", "log_softmax_backward_f32"),
            "im2col", Set.of("im2col_f32", "col2im_f32"),
            "sparse_matmul", Set.of("csr_spmm_f32", "csc_refresh_f32", "sddmm_f32"),
            "topk", Set.of("grow_scores_f32", "count_at_least_f32", "count_ties_f32", "select_top_f32"),
            "mask_csr", Set.of("mask_row_counts", "rows_exclusive_scan", "mask_to_csr_f32"));

    static Set<String> entries(String module) throws IOException {
        String ptx;
        try (InputStream in = PtxResources.open(module)) {
            ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\.visible \\.entry (\\w+)\\(").matcher(ptx);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test void everyLaunchedKernelIsAnUnmangledEntryOfItsModule() throws IOException {
        for (var e : LAUNCHED.entrySet()) {
            Set<String> have = entries(e.getKey());
            for (String k : e.getValue()) {
                assertTrue(have.contains(k), e.getKey() + ".ptx has no entry " + k + " (entries: " + have + ")");
            }
        }
        assertTrue(PtxResources.MODULES.containsAll(LAUNCHED.keySet()));
    }

    @Test void opCodesAreTheEnumOrdinalsTheKernelsSwitchOn() {
        // elementwise.cu: case 0 ADD, 1 SUB, 2 MUL, default DIV; case 0 RELU ... default ABS
        assertArrayEquals(new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}, BinaryOp.values());
        assertArrayEquals(new UnaryOp[] {UnaryOp.RELU, UnaryOp.NEG, UnaryOp.EXP, UnaryOp.LOG, UnaryOp.SQRT,
                UnaryOp.SQUARE, UnaryOp.ABS}, UnaryOp.values());
    }
}

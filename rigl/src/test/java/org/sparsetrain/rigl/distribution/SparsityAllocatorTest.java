package org.sparsetrain.rigl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked tables of rigl-spec §2.3 (Appendix B sections A, B, E): exact sparsities and nnz. */
class SparsityAllocatorTest {

    private static void assertLayer(SparsityAllocation a, String name, double sparsity, long nnz) {
        LayerAllocation l = a.layer(name);
        assertEquals(sparsity, l.sparsity(), 0.0, name + " sparsity");
        assertEquals(nnz, l.nnz(), name + " nnz");
    }

    @Test
    void mlpUniformAtNinety() {
        var a = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.UNIFORM, 0.1);
        assertLayer(a, "fc1", 0.9, 23_520);
        assertLayer(a, "fc2", 0.9, 3_000);
        assertLayer(a, "fc3", 0.9, 100);
        assertEquals(26_620, a.totalNnz());
        assertEquals(266_200, a.totalParams());
    }

    @Test
    void mlpTfMnistScriptUniformWithCustomMap() {
        for (double s : new double[] {0.9, 0.98}) {
            Map<String, Double> custom = new LinkedHashMap<>();
            custom.put("fc2", 1.0 - 0.9 * s);
            custom.put("fc3", 1.0);
            var a = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.custom(custom), 1.0 - s);
            if (s == 0.9) {
                assertLayer(a, "fc1", 0.9, 23_520);
                assertLayer(a, "fc2", 0.9 * 0.9, 5_700);
                assertLayer(a, "fc3", 0.0, 1_000);
                assertEquals(30_220, a.totalNnz());
                assertEquals(0.886476, a.realisedSparsity(), 5e-7);
            } else {
                assertLayer(a, "fc1", 0.98, 4_704);
                assertLayer(a, "fc2", 0.9 * 0.98, 3_540);
                assertLayer(a, "fc3", 0.0, 1_000);
                assertEquals(9_244, a.totalNnz());
            }
            assertEquals(LayerAllocation.Source.CUSTOM, a.layer("fc2").source());
        }
    }

    @Test
    void mlpErAndErkAtNinetyDensifyTheLastLayer() {
        for (Distribution d : List.of(Distribution.ER, Distribution.ERK)) {
            var a = SparsityAllocator.allocate(SpecModels.mlp(), d, 0.1);
            assertLayer(a, "fc1", 0.9204322294955718, 18_715);
            assertLayer(a, "fc2", 0.7698113207547169, 6_906);
            assertLayer(a, "fc3", 0.0, 1_000);
            assertEquals(LayerAllocation.Source.FORCED_DENSE, a.layer("fc3").source());
            assertEquals(26_621, a.totalNnz());
            assertEquals(17.264150943396228, a.eps(), 0.0);
        }
    }

    @Test
    void mlpErkTraceAtNinety() {
        var t = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.ERK, 0.1).trace();
        assertEquals(2, t.size());
        assertEquals(List.of(), t.get(0).denseLayers());
        assertEquals(26_620, t.get(0).rhs());
        assertEquals(1_594.0, t.get(0).divisor(), 1e-9);
        assertEquals(16.7001254705, t.get(0).eps(), 1e-10);
        assertEquals(1.8370138018, t.get(0).maxRawTimesEps(), 1e-10);
        assertEquals(List.of("fc3"), t.get(1).denseLayers());
        assertEquals(25_620, t.get(1).rhs());
        assertEquals(1_484.0, t.get(1).divisor(), 1e-9);
        assertEquals(0.2301886792, t.get(1).maxRawTimesEps(), 1e-10);
    }

    @Test
    void mlpAtNinetyEight() {
        var u = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.UNIFORM, 0.02);
        assertLayer(u, "fc1", 0.98, 4_704);
        assertLayer(u, "fc2", 0.98, 600);
        assertLayer(u, "fc3", 0.98, 20);
        assertEquals(5_324, u.totalNnz());
        for (Distribution d : List.of(Distribution.ER, Distribution.ERK)) {
            var a = SparsityAllocator.allocate(SpecModels.mlp(), d, 0.02);
            assertEquals(3.3400250941028857, a.eps(), 0.0);
            assertLayer(a, "fc1", 0.9846063469302401, 3_621);
            assertLayer(a, "fc2", 0.9554663320786282, 1_337);
            assertLayer(a, "fc3", 0.6325972396486825, 368);
            assertEquals(5_326, a.totalNnz());
            assertEquals(1, a.trace().size());
        }
    }

    @Test
    void rigLTorchUniformKeepsFirstLayerDense() {
        var a = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.uniformFirstLayerDense(), 0.1);
        assertLayer(a, "fc1", 0.0, 235_200);
        assertLayer(a, "fc2", 0.9, 3_000);
        assertLayer(a, "fc3", 0.9, 100);
        assertEquals(238_300, a.totalNnz());
        assertEquals(LayerAllocation.Source.FIRST_LAYER_DENSE, a.layer("fc1").source());
        var b = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.uniformFirstLayerDense(), 0.02);
        assertEquals(235_820, b.totalNnz());
    }

    @Test
    void convNetUniformAndRigLTorchRows() {
        var u = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.UNIFORM, 0.1);
        assertLayer(u, "conv1", 0.9, 80);
        assertLayer(u, "conv2", 0.9, 5_120);
        assertLayer(u, "fc1", 0.9, 52_429);
        assertLayer(u, "fc2", 0.9, 512);
        assertEquals(58_141, u.totalNnz());
        assertEquals(581_408, u.totalParams());

        var rt = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.uniformFirstLayerDense(), 0.1);
        assertEquals(58_861, rt.totalNnz());
        // rigl-torch's ignore_linear_layers=True default: Linear weights are simply not sparsifiable.
        List<LayerSpec> ignoreLinear = SpecModels.convNet().stream()
                .map(l -> l.kind() == LayerKind.LINEAR ? l.dense() : l).toList();
        var rtDefault = SparsityAllocator.allocate(ignoreLinear, Distribution.uniformFirstLayerDense(), 0.1);
        assertLayer(rtDefault, "conv1", 0.0, 800);
        assertLayer(rtDefault, "conv2", 0.9, 5_120);
        assertLayer(rtDefault, "fc1", 0.0, 524_288);
        assertEquals(535_328, rtDefault.totalNnz());
        assertEquals(0.079256, rtDefault.realisedSparsity(), 5e-7);
    }

    @Test
    void convNetEr() {
        var a = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.ER, 0.1);
        assertEquals(13.267530487804878, a.eps(), 0.0);
        assertLayer(a, "conv1", 0.0, 800);
        assertLayer(a, "conv2", 0.3780845083841463, 31_843);
        assertLayer(a, "fc1", 0.9611302817740092, 20_379);
        assertLayer(a, "fc2", 0.0, 5_120);
        assertEquals(58_142, a.totalNnz());
        var t = a.trace();
        assertEquals(3, t.size());
        assertEquals(List.of("conv1"), t.get(1).denseLayers());
        assertEquals(List.of("conv1", "fc2"), t.get(2).denseLayers());
        assertEquals(new long[] {58_141, 57_341, 52_221}[1], t.get(1).rhs());
        assertEquals(11.0053000189, t.get(0).eps(), 1e-10);
        assertEquals(12.8624943921, t.get(1).eps(), 1e-10);
        assertEquals(4_458.0, t.get(1).divisor(), 1e-9);
        assertEquals(3_936.0, t.get(2).divisor(), 1e-9);
        assertEquals(52_221, t.get(2).rhs());
    }

    @Test
    void convNetErk() {
        var a = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.ERK, 0.1);
        assertEquals(31.803288672350792, a.eps(), 0.0);
        assertLayer(a, "conv1", 0.0, 800);
        assertLayer(a, "conv2", 0.9341572539205237, 3_372);
        assertLayer(a, "fc1", 0.9068263027177222, 48_850);
        assertLayer(a, "fc2", 0.0, 5_120);
        assertEquals(58_142, a.totalNnz());
        var t = a.trace();
        assertEquals(List.of(), t.get(0).denseLayers());
        assertEquals(26.3439057544, t.get(0).eps(), 1e-10);
        assertEquals(2.6858435164, t.get(0).maxRawTimesEps(), 1e-10);
        assertEquals(List.of("fc2"), t.get(1).denseLayers());
        assertEquals(53_021, t.get(1).rhs());
        assertEquals(31.4664688427, t.get(1).eps(), 1e-10);
        assertEquals(List.of("conv1", "fc2"), t.get(2).denseLayers());
        assertEquals(1_642.0, t.get(2).divisor(), 1e-9);
        assertEquals(0.0931736973, t.get(2).maxRawTimesEps(), 1e-10);
    }

    @Test
    void convNetErkWithCustomDenseFirstLayerLeavesTheBudget() {
        var a = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.ERK.withCustom(Map.of("conv1", 1.0)), 0.1);
        assertEquals(32.24177831912302, a.eps(), 0.0);
        assertLayer(a, "conv1", 0.0, 800);
        assertLayer(a, "conv2", 0.9332494433236906, 3_418);
        assertLayer(a, "fc1", 0.9055416650806942, 49_524);
        assertLayer(a, "fc2", 0.0, 5_120);
        assertEquals(58_862, a.totalNnz());
        assertEquals(0.898760, a.realisedSparsity(), 5e-7);
        assertEquals(LayerAllocation.Source.CUSTOM, a.layer("conv1").source());
        assertEquals(LayerAllocation.Source.FORCED_DENSE, a.layer("fc2").source());
    }

    @Test
    void tfMaskFractionCounts() {
        // sparse_utils_test.py::testMaskFraction (spec §1.3, §12.1).
        assertEquals(60, LayerAllocation.nnzFor(30 * 4, 0.5));
        assertEquals(2, LayerAllocation.nnzFor(2 * 4, 0.8));
        assertEquals(27, LayerAllocation.nnzFor(30, 0.1));
    }

    @Test
    void erkPowerZeroIsBudgetCorrectedUniform() {
        var a = SparsityAllocator.allocate(SpecModels.mlp(), Distribution.erk(0.0), 0.1);
        // all raw densities are 1, so every layer gets the same density eps = rhs / Σn
        assertEquals(a.layer("fc1").sparsity(), a.layer("fc3").sparsity(), 0.0);
        assertEquals(26_620.0 / 266_200.0, 1.0 - a.layer("fc2").sparsity(), 1e-15);
    }

    @Test
    void nonSparsifiableLayersStayDenseAndOutsideTheBudget() {
        List<LayerSpec> layers = List.of(SpecModels.convNet().get(0).dense(), SpecModels.convNet().get(1),
                SpecModels.convNet().get(2), SpecModels.convNet().get(3));
        var a = SparsityAllocator.allocate(layers, Distribution.ERK, 0.1);
        assertEquals(LayerAllocation.Source.NOT_SPARSIFIABLE, a.layer("conv1").source());
        assertEquals(800, a.layer("conv1").nnz());
        // same budget equation as the custom-map row: conv1 is in neither side
        var custom = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.ERK.withCustom(Map.of("conv1", 1.0)), 0.1);
        assertEquals(custom.layer("conv2").sparsity(), a.layer("conv2").sparsity(), 0.0);
        assertEquals(custom.totalNnz(), a.totalNnz());
    }

    @Test
    void describeListsEveryLayerAndWhy() {
        var a = SparsityAllocator.allocate(SpecModels.convNet(), Distribution.ERK, 0.1);
        String text = a.describe();
        assertTrue(text.contains("ERK"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("conv1") && l.contains("dense (ER/ERK overflow)")), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("conv2") && l.contains("3372") && l.contains("sparse")), text);
        assertTrue(text.contains("total params 581408, nnz 58142"), text);
    }

    @Test
    void badInputsAreRejectedWithTheValueAndWhatIsAllowed() {
        var mlp = SpecModels.mlp();
        for (double d : new double[] {0.0, -0.1, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SparsityAllocator.allocate(mlp, Distribution.UNIFORM, d));
            assertTrue(e.getMessage().contains("(0, 1]") && e.getMessage().contains(String.valueOf(d)), e.getMessage());
        }
        var none = assertThrows(IllegalArgumentException.class, () -> SparsityAllocator.allocate(
                mlp.stream().map(LayerSpec::dense).toList(), Distribution.ERK, 0.1));
        assertTrue(none.getMessage().contains("no sparsifiable layer"), none.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> SparsityAllocator.allocate(
                mlp, Distribution.custom(Map.of("fc9", 0.5)), 0.1));
        assertTrue(unknown.getMessage().contains("'fc9'") && unknown.getMessage().contains("[fc1, fc2, fc3]"),
                unknown.getMessage());
        var badCustom = assertThrows(IllegalArgumentException.class, () -> Distribution.custom(Map.of("fc1", 0.0)));
        assertTrue(badCustom.getMessage().contains("fc1"), badCustom.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Distribution.erk(-1));
        assertThrows(IllegalArgumentException.class, () -> SparsityAllocator.allocate(
                List.of(LayerSpec.linear("a", 2, 2), LayerSpec.linear("a", 3, 3)), Distribution.UNIFORM, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LayerSpec("x", new int[] {3, 3, 3}, LayerKind.LINEAR, true));
    }
}

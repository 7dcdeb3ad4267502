package org.sparsetrain.rigl.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsetrain.rigl.distribution.Distribution;
import org.sparsetrain.rigl.distribution.LayerSpec;
import org.sparsetrain.rigl.distribution.SparsityAllocation;
import org.sparsetrain.rigl.distribution.SparsityAllocator;
import org.sparsetrain.rigl.schedule.GradualPruningSchedule;

/** rigl-spec §5.4 (Appendix B section C): bias + ReLU counted on every layer. */
class ModelCostTest {

    private static final List<LayerSpec> MLP = List.of(LayerSpec.linear("fc1", 300, 784),
            LayerSpec.linear("fc2", 100, 300), LayerSpec.linear("fc3", 10, 100));
    private static final List<CountedLayer> MLP_COUNTED = MLP.stream().map(CountedLayer::linear).toList();

    private static final List<LayerSpec> CONV = List.of(LayerSpec.conv("conv1", 32, 1, 5, 5),
            LayerSpec.conv("conv2", 64, 32, 5, 5), LayerSpec.linear("fc1", 512, 1024), LayerSpec.linear("fc2", 10, 512));
    /** valid padding, inputs 28×28 and 12×12 (2×2 pooling between, not counted). */
    private static final List<CountedLayer> CONV_COUNTED = List.of(CountedLayer.conv(CONV.get(0), 28, 1, 0),
            CountedLayer.conv(CONV.get(1), 12, 1, 0), CountedLayer.linear(CONV.get(2)), CountedLayer.linear(CONV.get(3)));

    @Test
    void denseMlpPerLayer() {
        double[] flops = {470_700, 60_100, 2_010};
        double[] bits = {7_536_000, 963_200, 32_320};
        for (int i = 0; i < 3; i++) {
            assertEquals(flops[i], MLP_COUNTED.get(i).flops(0.0), 0.0);
            assertEquals(bits[i], MLP_COUNTED.get(i).sizeBits(0.0, 32), 0.0);
        }
        assertEquals(532_810, ModelCost.denseInferenceFlops(MLP_COUNTED), 0.0);
        assertEquals(8_531_520, ModelCost.sizeBits(MLP_COUNTED, Map.of()), 0.0);
        assertEquals(1_066_440, ModelCost.sizeBytes(MLP_COUNTED, Map.of()), 0.0);
    }

    @Test
    void denseConvNetPerLayer() {
        double[] flops = {940_032, 6_557_696, 1_049_088, 10_250};
        double[] bits = {26_624, 1_640_448, 16_793_600, 164_160};
        for (int i = 0; i < 4; i++) {
            assertEquals(flops[i], CONV_COUNTED.get(i).flops(0.0), 0.0);
            assertEquals(bits[i], CONV_COUNTED.get(i).sizeBits(0.0, 32), 0.0);
        }
        assertEquals(8_557_066, ModelCost.denseInferenceFlops(CONV_COUNTED), 0.0);
        assertEquals(2_328_104, ModelCost.sizeBytes(CONV_COUNTED, Map.of()), 0.0);
    }

    @Test
    void mlpAtNinetyUniformAndErk() {
        double fd = ModelCost.denseInferenceFlops(MLP_COUNTED);
        SparsityAllocation uniform = SparsityAllocator.allocate(MLP, Distribution.UNIFORM, 0.1);
        SparsityAllocation erk = SparsityAllocator.allocate(MLP, Distribution.ERK, 0.1);
        assertEquals(47_340, MLP_COUNTED.get(0).flops(0.9), 1e-9);
        double fs = ModelCost.inferenceFlops(MLP_COUNTED, uniform);
        assertEquals(53_650, fs, 1e-6);
        assertEquals(53_650, ModelCost.inferenceFlops(MLP_COUNTED, erk), 1e-6);
        assertEquals(141_395, ModelCost.sizeBytes(MLP_COUNTED, uniform), 1e-6);
        assertEquals(1_131_160, ModelCost.sizeBits(MLP_COUNTED, ModelCost.sparsities(uniform)), 1e-6);
        assertEquals(1_130_160, ModelCost.sizeBits(MLP_COUNTED, ModelCost.sparsities(erk)), 1e-6);
        assertEquals(160_950, TrainingMethod.STATIC.flopsPerIteration(fs, fd, 100), 1e-6);
        assertEquals(160_950, TrainingMethod.SET.flopsPerIteration(fs, fd, 100), 1e-6);
        assertEquals(640_110, TrainingMethod.SNFS.flopsPerIteration(fs, fd, 100), 1e-6);
        assertEquals(165_694.2, TrainingMethod.RIGL.flopsPerIteration(fs, fd, 100), 0.05);
        assertEquals(0.1037, TrainingMethod.RIGL.flopsPerIteration(fs, fd, 100)
                / TrainingMethod.DENSE.flopsPerIteration(fs, fd, 100), 5e-5);
        assertEquals(0.4005, TrainingMethod.SNFS.flopsPerIteration(fs, fd, 100) / (3 * fd), 5e-5);
    }

    @Test
    void convNetAtNinetyUniformAndErk() {
        double fd = ModelCost.denseInferenceFlops(CONV_COUNTED);
        var uniform = SparsityAllocator.allocate(CONV, Distribution.UNIFORM, 0.1);
        var erk = SparsityAllocator.allocate(CONV, Distribution.ERK, 0.1);
        double fu = ModelCost.inferenceFlops(CONV_COUNTED, uniform);
        double fe = ModelCost.inferenceFlops(CONV_COUNTED, erk);
        assertEquals(876_451.6, fu, 0.05);
        assertEquals(1_484_096.7, fe, 0.05);
        assertEquals(0.1024, fu / fd, 5e-5);
        assertEquals(0.1734, fe / fd, 5e-5);
        assertEquals(307_711.2, ModelCost.sizeBytes(CONV_COUNTED, uniform), 0.05);
        assertEquals(306_972, ModelCost.sizeBytes(CONV_COUNTED, erk), 1e-6);
        assertEquals(2_629_354.8, TrainingMethod.STATIC.flopsPerIteration(fu, fd, 100), 0.05);
        assertEquals(2_705_400.5, TrainingMethod.RIGL.flopsPerIteration(fu, fd, 100), 0.05);
        assertEquals(4_522_319.6, TrainingMethod.RIGL.flopsPerIteration(fe, fd, 100), 0.05);
        assertEquals(10_309_969.2, TrainingMethod.SNFS.flopsPerIteration(fu, fd, 100), 0.05);
        assertEquals(11_525_259.4, TrainingMethod.SNFS.flopsPerIteration(fe, fd, 100), 0.05);
        assertEquals(0.4016, TrainingMethod.SNFS.flopsPerIteration(fu, fd, 100) / (3 * fd), 5e-5);
        assertEquals(0.4490, TrainingMethod.SNFS.flopsPerIteration(fe, fd, 100) / (3 * fd), 5e-5);
    }

    @Test
    void paddingStrideAndGroupsFollowTheOutputFormula() {
        // 'same' 3x3 on 32x32 stride 2: ceil((32 - 3 + 1 + 2)/2) = 16
        var same = CountedLayer.conv(LayerSpec.conv("c", 8, 4, 3, 3), 32, 2, 1);
        assertEquals(16L * 16 * 8, same.outputElements());
        // depthwise (groups = channels): v = k²·(1−s)
        var dw = CountedLayer.conv(LayerSpec.conv("dw", 16, 1, 3, 3), 10, 1, 1);
        assertEquals(9, dw.denseFanIn());
        assertEquals((9 * 0.5) * 1600 + (9 * 0.5 - 1) * 1600 + 1600 + 1600, dw.flops(0.5), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> CountedLayer.conv(LayerSpec.conv("big", 1, 1, 7, 7), 5, 1, 0));
    }

    @Test
    void gradualPruningAveragesTheScheduledCost() {
        // linear 10→10 with bias + ReLU: f(s) = 200·(1 − s) + 10
        var layer = List.of(CountedLayer.linear(LayerSpec.linear("fc", 10, 10)));
        var schedule = GradualPruningSchedule.cubic(0.5, 0, 2, 1);
        // s(0)=0, s(1)=0.4375, s(2)=s(3)=0.5 → mean f = (210 + 122.5 + 110 + 110)/4
        assertEquals(3 * 138.125, TrainingFlops.pruningPerIteration(layer, Map.of("fc", 0.5), schedule, 4, 1), 1e-9);
        assertEquals(3 * 210.0, TrainingFlops.pruningPerIteration(layer, Map.of(), schedule, 4, 1), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> TrainingMethod.RIGL.flopsPerIteration(1, 1, 0));
    }
}

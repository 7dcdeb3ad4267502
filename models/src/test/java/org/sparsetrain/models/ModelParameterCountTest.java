package org.sparsetrain.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.models.lenet.LeNet300100;
import org.sparsetrain.models.lenet.LeNet300100Config;
import org.sparsetrain.models.mobilenet.MobileNetV1;
import org.sparsetrain.models.mobilenet.MobileNetV1Config;
import org.sparsetrain.models.wrn.WideResNet;
import org.sparsetrain.models.wrn.WideResNetConfig;

/**
 * Parameter counts against the known values: PyTorch definitions of the same networks
 * ({@code test-data/scripts/model_param_counts.py}); MobileNet-v1 1.0 is the published 4,231,976 and WRN-16-8
 * the published 11.0M.
 */
class ModelParameterCountTest {
    static long count(Module m) {
        long n = 0;
        for (Parameter p : m.parameters()) n += p.size();
        return n;
    }

    @Test
    void lenets() {
        assertEquals(266_610, count(Architecture.LENET_300_100.create(new int[] {1, 28, 28}, 10, 1.0, new Rng(1))));
        assertEquals(125_810, count(new LeNet300100(new LeNet300100Config(784, 300, 100, 10, 0.5), new Rng(1))));
        assertEquals(431_080, count(Architecture.LENET_5.create(new int[] {1, 28, 28}, 10, 1.0, new Rng(1))));
    }

    @Test
    void residualNetworks() {
        assertEquals(1_079_642, count(Architecture.WRN_22_2.create(new int[] {3, 32, 32}, 10, 1.0, new Rng(1))));
        assertEquals(10_961_370, count(new WideResNet(new WideResNetConfig(16, 8, 3, 10, 0.0), new Rng(1))));
        assertEquals(272_186, count(Architecture.SMALL_RESNET.create(new int[] {1, 28, 28}, 10, 1.0, new Rng(1))));
    }

    @Test
    void mobileNets() {
        assertEquals(4_231_976, count(new MobileNetV1(MobileNetV1Config.imagenet(1.0), new Rng(1))));
        assertEquals(823_722, count(new MobileNetV1(MobileNetV1Config.cifar10(0.5), new Rng(1))));
    }

    @Test
    void badConfigurationsAreNamed() {
        assertEquals("Wide ResNet: depth must be 6n+4 with n >= 1 (10, 16, 22, 28, ...), got 20",
                assertThrows(IllegalArgumentException.class, () -> new WideResNetConfig(20, 2, 3, 10, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("vgg"));
        assertEquals(Architecture.LENET_300_100, Architecture.parse("LeNet-300-100"));
    }
}

package org.sparsetrain.models;

import java.util.Arrays;
import java.util.Locale;

import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.models.lenet.LeNet300100;
import org.sparsetrain.models.lenet.LeNet300100Config;
import org.sparsetrain.models.lenet.LeNet5;
import org.sparsetrain.models.lenet.LeNet5Config;
import org.sparsetrain.models.mobilenet.MobileNetV1;
import org.sparsetrain.models.mobilenet.MobileNetV1Config;
import org.sparsetrain.models.resnet.SmallResNet;
import org.sparsetrain.models.resnet.SmallResNetConfig;
import org.sparsetrain.models.wrn.WideResNet;
import org.sparsetrain.models.wrn.WideResNetConfig;

/**
 * The model zoo by name, for front ends that pick a network from a flag. Each builds its model for a data
 * set's item shape {@code [C, H, W]} and class count, with a width multiplier (1 = the published network;
 * the "small dense" baseline of the RigL paper shrinks it).
 */
public enum Architecture {
    LENET_300_100("lenet300100") {
        @Override public Module create(int[] item, int classes, double width, Rng rng) {
            int inputs = item[0] * item[1] * item[2];
            return new LeNet300100(new LeNet300100Config(inputs, 300, 100, classes, width), rng);
        }
    },
    LENET_5("lenet5") {
        @Override public Module create(int[] item, int classes, double width, Rng rng) {
            requireSquare(item);
            return new LeNet5(new LeNet5Config(item[0], item[1], 20, 50, 500, classes, width), rng);
        }
    },
    WRN_22_2("wrn22-2") {
        @Override public Module create(int[] item, int classes, double width, Rng rng) {
            int w = Math.max(1, (int) Math.round(2 * width));
            return new WideResNet(new WideResNetConfig(22, w, item[0], classes, 0.0), rng);
        }
    },
    SMALL_RESNET("resnet20") {
        @Override public Module create(int[] item, int classes, double width, Rng rng) {
            int w = Math.max(1, (int) Math.round(16 * width));
            return new SmallResNet(new SmallResNetConfig(3, w, item[0], classes), rng);
        }
    },
    MOBILENET_V1("mobilenet") {
        @Override public Module create(int[] item, int classes, double width, Rng rng) {
            return new MobileNetV1(new MobileNetV1Config(width, item[0], classes, item[1] >= 128 ? 2 : 1), rng);
        }
    };

    private final String cliName;

    Architecture(String cliName) { this.cliName = cliName; }

    /** The name used on the command line. */
    public String cliName() { return cliName; }

    /** Builds the network for items of shape {@code [C, H, W]}. */
    public abstract Module create(int[] itemShape, int classes, double widthMultiplier, Rng rng);

    /** The architecture called {@code name} on the command line, or an error listing the known names. */
    public static Architecture parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (Architecture a : values()) {
            if (a.cliName.replace("-", "").equals(n)) return a;
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(Architecture::cliName).toList()));
    }

    private static void requireSquare(int[] item) {
        if (item.length != 3 || item[1] != item[2]) {
            throw new IllegalArgumentException("LeNet-5 needs square images [C, H, H], got " + Arrays.toString(item));
        }
    }
}

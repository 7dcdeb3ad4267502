package org.sparsetrain.cli;

import java.util.Locale;
import org.sparsetrain.engine.backend.Backends;

/**
 * {@code --device cpu|cuda} of {@code train} and {@code eval}: a choice about this invocation's hardware, not part
 * of the run (a run may be resumed elsewhere), so it is never recorded in the checkpoint. {@code cuda} makes the GPU
 * backend a candidate ({@code -Dsparsetrain.device=cuda}); when its probe fails the start-up block names the reason
 * and training runs on the CPU (kernels-cuda/README.md).
 */
final class DeviceOption {
    private DeviceOption() {}

    static void apply(String command, Flags flags) {
        if (!flags.has("device")) return;
        String device = flags.stringValue("device", "cpu").toLowerCase(Locale.ROOT);
        switch (device) {
            case "cpu" -> System.clearProperty("sparsetrain.device");
            case "cuda" -> System.setProperty("sparsetrain.device", "cuda");
            default -> throw new UsageException(command + ": --device must be cpu or cuda; got '" + device + "'");
        }
        Backends.reselect(Integer.getInteger("sparsetrain.threads", Runtime.getRuntime().availableProcessors()));
    }
}

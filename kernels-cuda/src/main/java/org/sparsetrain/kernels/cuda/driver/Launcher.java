package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.sparsetrain.kernels.cuda.launch.Grid;
import org.sparsetrain.kernels.cuda.launch.KernelArg;

/**
 * {@code cuLaunchKernel} with the argument list the kernel signature expects: each {@link KernelArg} becomes a
 * native value and the driver receives an array of pointers to them.
 */
public final class Launcher {
    private final KernelModules modules;
    private final CUstream_st stream;

    public Launcher(KernelModules modules, CUstream_st stream) {
        this.modules = modules;
        this.stream = stream;
    }

    public void launch(String module, String kernel, Grid grid, KernelArg... args) {
        CUfunc_st f = modules.function(module, kernel);
        Pointer[] values = new Pointer[args.length];
        try (PointerPointer<Pointer> params = new PointerPointer<>(args.length)) {
            for (int i = 0; i < args.length; i++) {
                values[i] = switch (args[i]) {
                    case KernelArg.Address a -> new LongPointer(1).put(a.address());
                    case KernelArg.Int a -> new IntPointer(1).put(a.value());
                    case KernelArg.Long a -> new LongPointer(1).put(a.value());
                    case KernelArg.Float a -> new FloatPointer(1).put(a.value());
                    case KernelArg.IntStruct a -> new IntPointer(a.fields());
                };
                params.put(i, values[i]);
            }
            Driver.check(cuLaunchKernel(f, grid.blocksX(), grid.blocksY(), 1, grid.threads(), 1, 1, 0, stream, params,
                    (PointerPointer<?>) null), "cuLaunchKernel(" + module + "/" + kernel + ")");
        } finally {
            for (Pointer p : values) if (p != null) p.close();
        }
    }
}

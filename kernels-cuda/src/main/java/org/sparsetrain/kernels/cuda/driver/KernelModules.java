package org.sparsetrain.kernels.cuda.driver;

import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.javacpp.BytePointer;
import org.sparsetrain.kernels.cuda.PtxResources;

/**
 * Our kernels: the committed PTX resources loaded with {@code cuModuleLoadData} (the driver JIT-compiles the
 * compute_80 PTX for the device it runs on, once per process, cached by the driver on disk), and their
 * functions looked up by name.
 */
public final class KernelModules implements AutoCloseable {
    private final Map<String, CUmod_st> modules = new HashMap<>();
    private final Map<String, CUfunc_st> functions = new HashMap<>();

    /** The function {@code kernel} of module {@code module} (a {@code .cu} file's base name). */
    public CUfunc_st function(String module, String kernel) {
        String key = module + "/" + kernel;
        CUfunc_st f = functions.get(key);
        if (f != null) return f;
        f = new CUfunc_st();
        Driver.check(cuModuleGetFunction(f, module(module), kernel), "cuModuleGetFunction(" + key + ")");
        functions.put(key, f);
        return f;
    }

    private CUmod_st module(String name) {
        CUmod_st m = modules.get(name);
        if (m != null) return m;
        byte[] ptx;
        try (InputStream in = PtxResources.open(name)) {
            ptx = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("kernel module " + name + ": cannot read its PTX resource", e);
        }
        byte[] terminated = new byte[ptx.length + 1];   // cuModuleLoadData wants NUL-terminated PTX text
        System.arraycopy(ptx, 0, terminated, 0, ptx.length);
        m = new CUmod_st();
        try (BytePointer image = new BytePointer(terminated)) {
            Driver.check(cuModuleLoadData(m, image), "cuModuleLoadData(" + name + ".ptx)");
        }
        modules.put(name, m);
        return m;
    }

    @Override public void close() {
        for (CUmod_st m : modules.values()) cuModuleUnload(m);
        modules.clear();
        functions.clear();
    }
}

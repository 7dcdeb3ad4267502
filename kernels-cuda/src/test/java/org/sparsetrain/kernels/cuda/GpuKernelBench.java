package org.sparsetrain.kernels.cuda;

import static org.sparsetrain.kernels.cuda.launch.KernelArg.f32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i32;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.i64;
import static org.sparsetrain.kernels.cuda.launch.KernelArg.ptr;

import java.util.Locale;
import java.util.SplittableRandom;

import org.sparsetrain.kernels.cuda.driver.CudaDevice;
import org.sparsetrain.kernels.cuda.driver.CudaRuntime;
import org.sparsetrain.kernels.cuda.launch.GemmMapping;
import org.sparsetrain.kernels.cuda.launch.Grid;
import org.sparsetrain.kernels.cuda.memory.DeviceBuffer;

/**
 * Device-side timings for docs/performance.md, run on a GPU machine by kernels-cuda/device/run-on-gpu.sh (not a
 * test, not JMH: the GPU machines have no Maven; each figure is the median of repeated timed batches, kernels
 * only, data resident on the device, stream synchronised around each batch):
 * cuBLAS SGEMM at growing sizes, and our CSR SpMM / SDDMM at density 0.1 and 0.01 against dense cuBLAS on the
 * same shapes, batch 128 and 1024.
 */
public final class GpuKernelBench {
    private final CudaRuntime rt;

    private GpuKernelBench(CudaRuntime rt) { this.rt = rt; }

    public static void main(String[] args) {
        var outcome = CudaBackendProvider.probe();
        if (!outcome.isAvailable()) {
            System.out.println(outcome.reason());
            System.exit(2);
        }
        CudaDevice device = outcome.device();
        System.out.println("device: " + device);
        try (CudaRuntime rt = new CudaRuntime(device)) {
            GpuKernelBench b = new GpuKernelBench(rt);
            for (int s : new int[] {1024, 2048, 4096, 8192}) b.sgemm(s);
            for (int n : new int[] {128, 1024}) {
                for (double density : new double[] {0.1, 0.01}) {
                    b.sparseVsDense(4096, 4096, n, density);
                    b.sparseVsDense(300, 784, n, density);
                }
            }
            System.out.println(rt.allocatorStats());
        }
    }

    private DeviceBuffer random(long count, long seed) {
        float[] host = new float[(int) count];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < host.length; i++) host[i] = (float) rng.nextDouble(-1, 1);
        DeviceBuffer d = rt.scratch(4L * count);
        rt.transfers().upload(host, 0, host.length, d.address());
        rt.transfers().finish();
        return d;
    }

    private DeviceBuffer upload(int[] host) {
        DeviceBuffer d = rt.scratch(4L * Math.max(1, host.length));
        if (host.length > 0) rt.transfers().upload(host, 0, host.length, d.address());
        rt.transfers().finish();
        return d;
    }

    /** Median seconds per call of {@code body} over 7 batches sized to take about 50 ms each. */
    private double time(Runnable body) {
        body.run();
        rt.transfers().finish();
        int reps = 1;
        while (true) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) body.run();
            rt.transfers().finish();
            if (System.nanoTime() - t0 > 50_000_000L || reps >= 1 << 16) break;
            reps *= 2;
        }
        double[] samples = new double[7];
        for (int s = 0; s < samples.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) body.run();
            rt.transfers().finish();
            samples[s] = (System.nanoTime() - t0) / 1e9 / reps;
        }
        java.util.Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private void sgemm(int s) {
        try (DeviceBuffer a = random((long) s * s, 1); DeviceBuffer b = random((long) s * s, 2);
             DeviceBuffer c = rt.scratch(4L * s * s)) {
            GemmMapping g = GemmMapping.of(false, false, s, s, s);
            double sec = time(() -> rt.sgemm(g, 1f, a.address(), b.address(), 0f, c.address()));
            System.out.printf(Locale.ROOT, "sgemm %5d^3: %8.3f ms  %7.2f TFLOP/s%n", s, sec * 1e3, 2.0 * s * s * s / sec / 1e12);
        }
    }

    /** Y = W·X with W [m][k] at {@code density}: CSR SpMM, SDDMM (dW on the pattern) and dense cuBLAS for both. */
    private void sparseVsDense(int m, int k, int n, double density) {
        SplittableRandom rng = new SplittableRandom(m + k + n);
        int[] rowPtr = new int[m + 1];
        java.util.List<Integer> cols = new java.util.ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) if (rng.nextDouble() < density) cols.add(j);
            rowPtr[i + 1] = cols.size();
        }
        int nnz = cols.size();
        int[] colIdx = cols.stream().mapToInt(Integer::intValue).toArray();
        try (DeviceBuffer rp = upload(rowPtr); DeviceBuffer ci = upload(colIdx); DeviceBuffer v = random(Math.max(1, nnz), 3);
             DeviceBuffer w = random((long) m * k, 4); DeviceBuffer x = random((long) k * n, 5);
             DeviceBuffer y = rt.scratch(4L * m * n); DeviceBuffer dy = random((long) m * n, 6);
             DeviceBuffer dw = rt.scratch(4L * Math.max(1, nnz)); DeviceBuffer dwDense = rt.scratch(4L * m * k)) {
            double spmm = time(() -> rt.launch("sparse_matmul", "csr_spmm_f32", Grid.spmm(m, n), i32(m), i64(n),
                    ptr(rp.address()), ptr(ci.address()), ptr(v.address()), ptr(x.address()), f32(0), ptr(y.address())));
            double dense = time(() -> rt.sgemm(GemmMapping.of(false, false, m, n, k), 1f, w.address(), x.address(), 0f,
                    y.address()));
            double sddmm = time(() -> rt.launch("sparse_matmul", "sddmm_f32", Grid.perRow(m), i32(m), i64(n),
                    ptr(rp.address()), ptr(ci.address()), ptr(dy.address()), ptr(x.address()), ptr(dw.address())));
            double denseGrad = time(() -> rt.sgemm(GemmMapping.of(false, true, m, k, n), 1f, dy.address(), x.address(), 0f,
                    dwDense.address()));
            System.out.printf(Locale.ROOT, "W %4dx%-4d density %.2f batch %4d (nnz %8d): spmm %8.1f us vs cublas %8.1f us (x%.2f);"
                            + " sddmm %8.1f us vs cublas dW %8.1f us (x%.2f)%n", m, k, density, n, nnz, spmm * 1e6,
                    dense * 1e6, dense / spmm, sddmm * 1e6, denseGrad * 1e6, denseGrad / sddmm);
        }
    }
}

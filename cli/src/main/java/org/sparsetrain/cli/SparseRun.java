package org.sparsetrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sparsetrain.cli.report.PngImage;
import org.sparsetrain.cli.report.SvgBarChart;
import org.sparsetrain.engine.autograd.GradMode;
import org.sparsetrain.engine.nn.Conv2d;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.tensor.Tensor;
import org.sparsetrain.rigl.RigL;
import org.sparsetrain.rigl.SparseLayer;
import org.sparsetrain.rigl.WeightLayer;

/**
 * What a sparse run adds to a dense one: the convolution input sizes the FLOP count needs, and the run
 * folder's sparsity report (the per-layer table, FLOPs and size relative to dense, the density chart and the
 * first layer's input connectivity picture).
 */
final class SparseRun {
    private SparseRun() {}

    /**
     * Runs {@code sample} through the model once (evaluation mode, no graph) and tells the scheduler each
     * convolution's input size.
     */
    static void recordConvInputSizes(Module model, RigL rigl, Tensor sample) {
        boolean training = model.isTraining();
        model.eval();
        try (var off = GradMode.disabled()) {
            model.forward(sample);
        } finally {
            if (training) model.train();
        }
        Map<Parameter, String> names = new IdentityHashMap<>();
        for (WeightLayer l : rigl.weightLayers()) names.put(l.weight(), l.name());
        ArrayDeque<Module> todo = new ArrayDeque<>();
        todo.add(model);
        while (!todo.isEmpty()) {
            Module m = todo.poll();
            todo.addAll(m.namedChildren().values());
            if (m instanceof Conv2d conv && conv.lastInputSize() != null && names.containsKey(conv.weight())) {
                int[] hw = conv.lastInputSize();
                rigl.convInputSize(names.get(conv.weight()), hw[0], hw[1]);
            }
        }
    }

    /** Sparsity facts for the manifest. */
    static Map<String, Object> summary(RigL rigl, SparseOptions options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", options.method().name().toLowerCase());
        m.put("density", options.density());
        m.put("distribution", options.distribution());
        m.put("delta", options.delta());
        m.put("alpha", options.alpha());
        m.put("t_end", options.endFraction());
        m.put("grad_accumulation", options.gradAccumulation());
        m.put("execution", options.execution().name().toLowerCase());
        m.put("overall_density", rigl.overallDensity());
        m.put("nnz", rigl.totalNnz());
        m.put("weights", rigl.totalWeights());
        m.put("inference_flops_vs_dense", rigl.inferenceFlops().ratio());
        m.put("training_flops_vs_dense", rigl.trainingFlops().ratio());
        m.put("model_bytes", rigl.modelSizeBytes());
        m.put("dense_model_bytes", rigl.denseModelSizeBytes());
        m.put("topology_updates", rigl.topologyUpdates());
        Map<String, Object> layers = new LinkedHashMap<>();
        for (WeightLayer l : rigl.weightLayers()) layers.put(l.name(), rigl.density(l.name()));
        m.put("layer_density", layers);
        Map<String, Object> runs = new LinkedHashMap<>();
        for (WeightLayer l : rigl.weightLayers()) runs.put(l.name(), rigl.execution(l.name()).name().toLowerCase());
        m.put("layer_execution", runs);
        return m;
    }

    /**
     * Writes {@code sparsity-<when>.txt} (the scheduler's table), {@code density.svg} and, when the first masked
     * layer is a linear layer over the whole image, {@code connectivity-<when>.png}: for each input pixel, how
     * many connections of that layer it keeps (RigL's MNIST figure).
     */
    static void writeReport(RunFolder folder, RigL rigl, int[] itemShape, String when) throws IOException {
        folder.writeAtomically("sparsity-" + when + ".txt", rigl.toString() + "\n");
        SvgBarChart chart = new SvgBarChart("density per layer (" + when + ")", 1.0, true);
        for (WeightLayer l : rigl.weightLayers()) chart.add(l.name(), rigl.density(l.name()));
        folder.writeAtomically("density.svg", chart.render());
        SparseLayer first = rigl.sparseLayers().isEmpty() ? null : rigl.sparseLayers().getFirst();
        int pixels = itemShape[1] * itemShape[2], channels = itemShape[0];
        if (first != null && !first.layer().conv() && first.layer().spec().shape().length == 2
                && first.layer().spec().shape()[1] == channels * pixels) {
            int out = first.layer().spec().shape()[0], in = channels * pixels;
            boolean[] mask = first.mask();
            double[] perPixel = new double[pixels];
            for (int o = 0; o < out; o++) {
                for (int j = 0; j < in; j++) if (mask[o * in + j]) perPixel[j % pixels]++;
            }
            Files.write(folder.dir().resolve("connectivity-" + when + ".png"),
                    PngImage.heatMap(perPixel, itemShape[1], itemShape[2], 8));
        }
    }

    /** The patterns of masked layers that run MASKED (dense tensors), for the compact export; full layers are left out. */
    static Map<String, org.sparsetrain.engine.sparse.SparsityPattern> maskedPatterns(RigL rigl) {
        Map<String, org.sparsetrain.engine.sparse.SparsityPattern> out = new LinkedHashMap<>();
        for (SparseLayer s : rigl.sparseLayers()) {
            if (s.layer().weight().isSparse() || s.nnz() == s.numel() || s.nnz() == 0) continue;
            int rows = s.layer().weight().shape().dim(0);
            out.put(s.name(), org.sparsetrain.engine.sparse.SparsityPattern.fromMask(s.mask(), rows, s.numel() / rows));
        }
        return out;
    }
}

package org.sparsetrain.cli;

import java.util.Map;
import org.sparsetrain.engine.io.SafeTensors;
import org.sparsetrain.engine.io.SparseModelFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.sparsetrain.engine.data.DataLoader;
import org.sparsetrain.engine.io.Checkpoint;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.tensor.Rng;

/**
 * {@code sparsetrain eval --checkpoint FILE}: rebuilds the model a checkpoint was trained as (from the flags it
 * records), loads its weights and prints test accuracy and loss. {@code --data} evaluates on other data of the
 * same shape.
 */
final class EvalCommand {
    static final String HELP = """
            usage: sparsetrain eval --checkpoint FILE [--data D] [--test-limit N]

              --checkpoint FILE   a checkpoint.safetensors written by 'sparsetrain train' (or its run folder), or
                                  the compact model-sparse.safetensors of a sparse run (runs the sparse kernels)
              --data D            evaluate on this data instead of the run's (same forms as train --data)
              --test-limit N      evaluate on the first N test images only
              --device D          cpu (default) or cuda
              --help              print this message""";

    private final PrintStream out;

    EvalCommand(PrintStream out) { this.out = out; }

    int run(List<String> args) throws IOException {
        Flags flags = Flags.parse("eval", args, Set.of("checkpoint", "data", "test-limit", "threads", "device"), Set.of("help"));
        if (flags.has("help")) {
            out.println(HELP);
            return Main.OK;
        }
        DeviceOption.apply("eval", flags);
        if (!flags.has("checkpoint")) throw new UsageException("eval: --checkpoint FILE is required; try eval --help");
        Path file = Path.of(flags.stringValue("checkpoint", null));
        if (Files.isDirectory(file)) file = file.resolve(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(file)) throw new UsageException("eval: checkpoint " + file + " not found");
        boolean sparse = SparseModelFile.isSparseModel(file);
        // a compact sparse model carries the same metadata as a checkpoint; its weights load below
        Map<String, String> meta = sparse ? SafeTensors.read(file).metadata() : null;
        Checkpoint checkpoint = sparse ? null : Checkpoint.read(file);
        java.util.function.Function<String, String> metaOf = k -> sparse ? meta.get(k) : checkpoint.meta(k);
        if (metaOf.apply("args") == null) throw new UsageException("eval: " + file + " does not record the flags it was trained with");
        List<String> original = Arrays.asList(metaOf.apply("args").split("\n"));
        TrainConfig config = TrainCommand.parse(Flags.parse("train", original.equals(List.of("")) ? List.of() : original,
                TrainCommand.VALUED, Set.of("help", "nesterov")), file.getParent());
        if (flags.has("threads")) org.sparsetrain.engine.backend.Backends.reselect(flags.intValue("threads", 1, 1));
        String dataSpec = flags.has("data") ? flags.stringValue("data", null) : config.data();
        DataSources.TrainData data = DataSources.load(dataSpec, config.trainLimit(),
                flags.intValue("test-limit", config.testLimit(), 1));
        // Normalise exactly as in training: the statistics of the run's training set, recorded in the checkpoint.
        double[][] stats = {TrainCommand.splitExact(metaOf.apply(TrainCommand.NORM_MEAN)),
            TrainCommand.splitExact(metaOf.apply(TrainCommand.NORM_STD))};
        Module model = config.model().create(data.test().itemShape(), data.test().classes(), config.width(), new Rng(config.seed()));
        if (sparse) SparseModelFile.load(file, model);
        else model.loadStateDict(checkpoint.section("model"), true);
        Evaluation e = Evaluation.of(model, new DataLoader(data.test(),
                DataLoader.Options.sequential(256).normalized(stats[0], stats[1])));
        out.printf(Locale.ROOT, "%s (epoch %s) on %s: test accuracy %.2f%%, loss %.4f (%d images)%n", file,
                metaOf.apply("epoch"), data.description(), 100 * e.accuracy(), e.loss(), e.count());
        if (sparse) {
            long nnz = 0, all = 0;
            for (var p : model.parameters()) {
                all += p.size();
                nnz += p.isSparse() ? p.pattern().nnz() : p.size();
            }
            out.printf(Locale.ROOT, "sparse inference: %,d of %,d parameters stored (%.2f%%), %,d bytes on disk%n", nnz, all,
                    100.0 * nnz / all, Files.size(file));
        }
        return Main.OK;
    }
}

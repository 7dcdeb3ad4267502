package org.sparsetrain.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.sparsetrain.cli.report.ProgressBar;
import org.sparsetrain.engine.backend.Backends;
import org.sparsetrain.engine.data.Augmentation;
import org.sparsetrain.engine.data.DataLoader;
import org.sparsetrain.engine.io.Checkpoint;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.optim.schedule.Constant;
import org.sparsetrain.engine.optim.schedule.Cosine;
import org.sparsetrain.engine.optim.schedule.LinearWarmup;
import org.sparsetrain.engine.optim.schedule.LrSchedule;
import org.sparsetrain.engine.optim.schedule.MultiStep;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.models.Architecture;
import org.sparsetrain.rigl.RigL;

/**
 * {@code sparsetrain train}: trains a model from the zoo on real data, evaluates on the test set after every
 * epoch, and keeps a run folder (manifest, metrics, checkpoint, curves). {@code --resume DIR} continues a run
 * from its last checkpoint and reaches the same weights as an uninterrupted run (same seed and threads).
 */
final class TrainCommand {
    static final String HELP = """
            usage: sparsetrain train [flags]          (every flag has a default that gives a good run)
                   sparsetrain train --resume DIR     (continue the run in DIR from its last checkpoint)

              --model M           lenet300100 (default), lenet5, resnet20, wrn22-2, mobilenet
              --data D            embedded (default: 5000/1000-image Fashion-MNIST subset), fashion-mnist
                                  (Debian's dataset-fashion-mnist), or a folder in MNIST or CIFAR-10 binary format
              --epochs N          passes over the training set (default 10)
              --batch N           mini-batch size (default 128)
              --lr X              peak learning rate (default 0.05)
              --momentum X        SGD momentum (default 0.9)
              --nesterov          Nesterov momentum
              --weight-decay X    L2 weight decay (default 5e-4)
              --schedule S        cosine (default), step (x0.1 at 50% and 75%), constant
              --warmup E          linear warm-up over E epochs (default 0)
              --label-smoothing X label smoothing of the loss (default 0)
              --augment A         auto (default: random crop + flip for CIFAR-sized data only), on, off
              --width X           width multiplier of the model (default 1)
              --seed S            seeds initialisation, shuffling and augmentation (default 1)
              --threads N         kernel threads (default: all cores)
              --device D          cpu (default) or cuda: the GPU backend when a usable GPU is found (else the CPU,
                                  with the reason printed at start-up); see kernels-cuda/README.md
              --train-limit N     use only the first N training images (default: all)
              --test-limit N      use only the first N test images (default: all)
              --out DIR           run folder (default runs/<model>-<time>)
              --stop-after E      stop after epoch E (continue later with --resume DIR)

            sparse training (RigL and its family):
              --method M          dense (default), static, set, snfs, rigl, snip, prune
              --density D         fraction of weights kept in the sparsified layers (default 0.1)
              --distribution S    erk (default), er, uniform: how the density is spread over the layers
              --delta N           optimizer steps between topology updates (default 100)
              --alpha X           initial drop fraction, cosine-annealed (default 0.3)
              --t-end X           fraction of the run after which the topology stays fixed (default 0.75)
              --grad-accumulation N  batches whose dense gradient RigL's grow criterion averages (default 1)
              --execution E       auto (default): sparse kernels for layers at or below the measured crossover
                                  density, masked dense kernels above it; sparse: always compressed weights and
                                  sparse kernels; masked: dense kernels on W*M (what other RigL codes do)
              --help              print this message""";

    static final Set<String> VALUED = Set.of("model", "data", "epochs", "batch", "lr", "momentum", "weight-decay",
            "schedule", "warmup", "label-smoothing", "width", "seed", "threads", "train-limit", "test-limit", "out", "resume", "stop-after",
            "augment", "method", "density", "distribution", "delta", "alpha", "t-end", "grad-accumulation",
            "execution", "device");

    private final PrintStream out, err;
    private RunResult lastResult;

    /** What a finished run reports to a caller that trains many ({@code compare}). */
    record RunResult(EpochMetrics last, double density, double inferenceFlops, double trainingFlops) {
        static final String CSV_HEADER = "test_accuracy,test_loss,density,inference_flops_vs_dense,training_flops_vs_dense";

        String toCsv() {
            return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f", last.testAccuracy(), last.testLoss(), density,
                    inferenceFlops, trainingFlops);
        }
    }

    /** The result of the last run this command finished, or {@code null}. */
    RunResult lastResult() { return lastResult; }

    TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws IOException {
        Flags flags = Flags.parse("train", args, VALUED, Set.of("help", "nesterov"));
        if (flags.has("help")) {
            out.println(HELP);
            return Main.OK;
        }
        DeviceOption.apply("train", flags);
        if (flags.has("resume")) return resume(flags);
        TrainConfig config = parse(flags, null);
        return train(config, RunFolder.create(config.out()), null, flags.intValue("stop-after", config.epochs(), 1));
    }

    /** Builds the configuration from flags; {@code outOverride} replaces {@code --out} (resume). */
    static TrainConfig parse(Flags flags, Path outOverride) {
        Architecture model = parseModel(flags.stringValue("model", Architecture.LENET_300_100.cliName()));
        Path out = outOverride != null ? outOverride : Path.of(flags.stringValue("out", "runs/" + model.cliName() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())));
        List<String> recorded = new ArrayList<>(flags.given());
        // --stop-after and --resume are about this invocation, not the run: a resumed run must not stop again.
        for (String transient_ : List.of("--stop-after", "--resume", "--device")) {
            int i = recorded.indexOf(transient_);
            if (i >= 0) recorded.subList(i, i + 2).clear();
        }
        if (!flags.has("out")) recorded.addAll(List.of("--out", out.toString()));
        int epochs = flags.intValue("epochs", 10, 1);
        return new TrainConfig(model, flags.stringValue("data", null), epochs, flags.intValue("batch", 128, 1),
                flags.doubleValue("lr", 0.05, Double.MIN_VALUE, 100), flags.doubleValue("momentum", 0.9, 0, 0.999999),
                flags.has("nesterov"), flags.doubleValue("weight-decay", 5e-4, 0, 1),
                TrainConfig.Schedule.parse(flags.stringValue("schedule", "cosine")), flags.doubleValue("warmup", 0, 0, 1e6),
                flags.doubleValue("label-smoothing", 0, 0, 1), flags.longValue("seed", 1, Long.MIN_VALUE),
                flags.has("threads") ? flags.intValue("threads", 1, 1) : 0, flags.doubleValue("width", 1, 1e-3, 64),
                flags.intValue("train-limit", 0, 1), flags.intValue("test-limit", 0, 1), augment(flags), out,
                SparseOptions.parse(flags), recorded);
    }

    private static String augment(Flags flags) {
        String a = flags.stringValue("augment", "auto");
        if (!List.of("auto", "on", "off").contains(a)) throw new UsageException("train: --augment must be auto, on or off; got '" + a + "'");
        return a;
    }

    private static Architecture parseModel(String name) {
        try {
            return Architecture.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: --model: " + e.getMessage());
        }
    }

    private int resume(Flags flags) throws IOException {
        for (String f : flags.given()) {
            if (f.startsWith("--") && !List.of("--resume", "--threads", "--stop-after", "--device").contains(f)) {
                throw new UsageException("train: --resume takes only --threads, --device and --stop-after besides it; the run's own "
                        + "flags are in its checkpoint (got " + f + ")");
            }
        }
        RunFolder folder = RunFolder.existing(Path.of(flags.stringValue("resume", null)));
        Checkpoint checkpoint = Checkpoint.read(folder.checkpoint());
        List<String> original = Arrays.asList(checkpoint.meta("args").split("\n"));
        Flags recorded = Flags.parse("train", original.equals(List.of("")) ? List.of() : original, VALUED,
                Set.of("help", "nesterov"));
        TrainConfig config = parse(recorded, folder.dir());
        if (flags.has("threads")) config = config.withThreads(flags.intValue("threads", 1, 1));
        return train(config, folder, checkpoint, flags.intValue("stop-after", config.epochs(), 1));
    }

    private int train(TrainConfig config, RunFolder folder, Checkpoint resumeFrom, int stopAfter) throws IOException {
        String started = Instant.now().toString();
        if (config.threads() > 0) Backends.reselect(config.threads());
        var backend = Backends.get();
        DataSources.TrainData data = DataSources.load(config.data(), config.trainLimit(), config.testLimit());
        double[][] stats = data.train().channelStats();
        DataLoader train = new DataLoader(data.train(),
                DataLoader.Options.shuffled(config.batch(), config.seed()).normalized(stats[0], stats[1])
                        .augmented(augmentation(config, data.train().itemShape())));
        DataLoader test = new DataLoader(data.test(), DataLoader.Options.sequential(256).normalized(stats[0], stats[1]));

        Module model = config.model().create(data.train().itemShape(), data.train().classes(), config.width(),
                new Rng(config.seed()));
        SGD optimizer = new SGD(model.parameters(), SgdConfig.of(config.lr()).withMomentum(config.momentum())
                .withNesterov(config.nesterov()).withWeightDecay(config.weightDecay()));
        long stepsPerEpoch = train.batchesPerEpoch(), total = stepsPerEpoch * config.epochs();
        LrSchedule schedule = schedule(config, stepsPerEpoch, total);

        int firstEpoch = 1;
        RigL rigl = null;
        if (resumeFrom != null) {
            model.loadStateDict(resumeFrom.section("model"), true);
            optimizer.loadStateDict(resumeFrom.section("optim"));
            if (config.sparse() != null) {
                rigl = RigL.attach(model, optimizer, config.sparse().toConfig(), total, resumeFrom.section("rigl"));
            }
            firstEpoch = Integer.parseInt(resumeFrom.meta("epoch")) + 1;
            String threadsThen = resumeFrom.meta("threads");
            if (!threadsThen.equals(String.valueOf(backend.threads()))) {
                err.println("warning: the run used " + threadsThen + " threads and resumes with " + backend.threads()
                        + "; results stay correct but are not bit-identical to an uninterrupted run");
            }
            out.printf(Locale.ROOT, "resuming %s after epoch %d (step %d)%n", folder.dir(), firstEpoch - 1, optimizer.steps());
        }
        if (config.sparse() != null) {
            config.sparse().checkWindow(total);
            if (rigl == null) {
                rigl = RigL.attach(model, optimizer, config.sparse().toConfig(), total, new Rng(config.seed()).split());
            }
            try (var sample = train.epoch(0)) {
                SparseRun.recordConvInputSizes(model, rigl, sample.iterator().next().x());
            }
        }
        long parameters = model.parameters().stream().mapToLong(p -> p.size()).sum();
        out.printf(Locale.ROOT, "model %s (%,d parameters) on %s%n", config.model().cliName(), parameters, data.description());
        out.printf(Locale.ROOT, "SGD lr %s momentum %s%s weight decay %s, %s schedule, batch %d, %d epochs, seed %d, run folder %s%n",
                config.lr(), config.momentum(), config.nesterov() ? " (Nesterov)" : "", config.weightDecay(),
                config.schedule().name().toLowerCase(Locale.ROOT), config.batch(), config.epochs(), config.seed(), folder.dir());

        Map<String, Object> manifest = manifest(config, data, stats, parameters, started);
        if (rigl != null) {
            out.println(config.sparse().describe());
            out.println(rigl);
            manifest.put("sparsity", SparseRun.summary(rigl, config.sparse()));
            if (resumeFrom == null) SparseRun.writeReport(folder, rigl, data.train().itemShape(), "start");
        }
        folder.writeManifest(manifest);
        Trainer trainer = new Trainer(model, optimizer, schedule, train, test, config.labelSmoothing(),
                new ProgressBar(out, ProgressBar.isTerminal(), System::nanoTime), rigl);
        EpochMetrics last = null;
        int lastEpoch = Math.min(config.epochs(), stopAfter);
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            last = trainer.runEpoch(epoch, config.epochs());
            out.printf(Locale.ROOT, "epoch %2d/%d  train loss %.4f acc %5.2f%%  test loss %.4f acc %5.2f%%  lr %.4g  %.1f s  %,.0f img/s%n",
                    epoch, config.epochs(), last.trainLoss(), 100 * last.trainAccuracy(), last.testLoss(),
                    100 * last.testAccuracy(), last.lr(), last.seconds(), last.imagesPerSecond());
            folder.appendMetrics(last);
            writeCheckpoint(folder, config, model, optimizer, rigl, epoch, backend.threads(), stats);
            folder.renderCurves();
        }
        if (rigl != null) {
            rigl.checkMasks();
            manifest.put("sparsity", SparseRun.summary(rigl, config.sparse()));
            SparseRun.writeReport(folder, rigl, data.train().itemShape(), "end");
            out.printf(Locale.ROOT, "sparsity: %d of %d weights active (%.2f%%); inference FLOPs %.3fx dense, training FLOPs %.3fx dense, "
                    + "model %,.0f bytes (dense %,.0f)%n", rigl.totalNnz(), rigl.totalWeights(), 100 * rigl.overallDensity(),
                    rigl.inferenceFlops().ratio(), rigl.trainingFlops().ratio(), rigl.modelSizeBytes(), rigl.denseModelSizeBytes());
        }
        if (rigl != null && last != null && lastEpoch == config.epochs()) {
            Map<String, String> meta = checkpointMeta(config, lastEpoch, optimizer.steps(), backend.threads(), stats);
            long bytes = org.sparsetrain.engine.io.SparseModelFile.save(folder.dir().resolve(RunFolder.SPARSE_MODEL), model,
                    SparseRun.maskedPatterns(rigl), meta);
            long denseBytes = 4L * model.stateDict().values().stream().mapToLong(t -> t.size()).sum();
            manifest.put("sparse_model", Map.of("file", RunFolder.SPARSE_MODEL, "bytes", bytes, "dense_bytes", denseBytes));
            out.printf(Locale.ROOT, "sparse model %s: %,d bytes on disk (%.1f%% of the %,d bytes of dense weights); "
                    + "run it with: sparsetrain eval --checkpoint %s%n", RunFolder.SPARSE_MODEL, bytes,
                    100.0 * bytes / denseBytes, denseBytes, folder.dir().resolve(RunFolder.SPARSE_MODEL));
        }
        manifest.put(lastEpoch == config.epochs() ? "finished" : "stopped", Instant.now().toString());
        if (last != null && lastEpoch == config.epochs()) {
            lastResult = rigl == null ? new RunResult(last, 1, 1, 1)
                    : new RunResult(last, rigl.overallDensity(), rigl.inferenceFlops().ratio(), rigl.trainingFlops().ratio());
            folder.writeAtomically("result.csv", RunResult.CSV_HEADER + "\n" + lastResult.toCsv() + "\n");
        }
        if (last != null) manifest.put("final", last.toMap());
        folder.writeManifest(manifest);
        if (last != null) {
            out.printf(Locale.ROOT, "%s test accuracy %.2f%% (loss %.4f); run folder %s%n",
                    lastEpoch == config.epochs() ? "final" : "stopped after epoch " + lastEpoch + ":", 100 * last.testAccuracy(),
                    last.testLoss(), folder.dir());
        } else {
            out.println("nothing to do: the run in " + folder.dir() + " already finished its " + config.epochs() + " epochs");
        }
        return Main.OK;
    }

    /**
     * The standard CIFAR augmentation (random crop with 4 pixels of padding and horizontal flips) for
     * 3-channel 32x32 data unless {@code --augment off}; none for the MNIST family unless {@code --augment on}.
     */
    static Augmentation augmentation(TrainConfig config, int[] itemShape) {
        boolean cifarLike = itemShape[0] == 3 && itemShape[1] == 32 && itemShape[2] == 32;
        boolean on = switch (config.augment()) {
            case "auto" -> cifarLike;
            case "on" -> true;
            default -> false;
        };
        return on ? Augmentation.randomCropFlip(4, true) : null;
    }

    static final String NORM_MEAN = "normalisation_mean", NORM_STD = "normalisation_std";

    /** Doubles as text that parses back to the same bits. */
    static String joinExact(double[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    static double[] splitExact(String s) {
        return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static LrSchedule schedule(TrainConfig config, long stepsPerEpoch, long total) {
        LrSchedule base = switch (config.schedule()) {
            case CONSTANT -> new Constant(config.lr());
            case COSINE -> new Cosine(config.lr(), total, 0);
            case STEP -> new MultiStep(config.lr(), new long[] {Math.max(1, total / 2), Math.max(2, total * 3 / 4)}, 0.1);
        };
        long warmup = Math.round(config.warmupEpochs() * stepsPerEpoch);
        return warmup > 0 ? new LinearWarmup(warmup, base) : base;
    }

    private static void writeCheckpoint(RunFolder folder, TrainConfig config, Module model, SGD optimizer, RigL rigl,
                                        int epoch, int threads, double[][] normalisation) throws IOException {
        Map<String, String> meta = checkpointMeta(config, epoch, optimizer.steps(), threads, normalisation);
        Map<String, Map<String, org.sparsetrain.engine.tensor.Tensor>> sections = new LinkedHashMap<>();
        sections.put("model", model.stateDict());
        sections.put("optim", optimizer.stateDict());
        if (rigl != null) sections.put("rigl", rigl.stateDict());
        new Checkpoint(sections, meta).write(folder.checkpoint());
    }

    /** What {@code eval} and {@code --resume} need to rebuild the run: flags, epoch, normalisation. */
    private static Map<String, String> checkpointMeta(TrainConfig config, int epoch, long step, int threads,
                                                      double[][] normalisation) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", String.valueOf(epoch));
        meta.put("step", String.valueOf(step));
        meta.put("threads", String.valueOf(threads));
        meta.put("args", String.join("\n", config.flags()));
        meta.put("model", config.model().cliName());
        meta.put(NORM_MEAN, joinExact(normalisation[0]));
        meta.put(NORM_STD, joinExact(normalisation[1]));
        return meta;
    }

    private static Map<String, Object> manifest(TrainConfig c, DataSources.TrainData data, double[][] stats, long parameters,
                                                String started) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", c.model().cliName());
        cfg.put("data", c.data() == null ? "embedded" : c.data());
        cfg.put("epochs", c.epochs());
        cfg.put("batch", c.batch());
        cfg.put("lr", c.lr());
        cfg.put("momentum", c.momentum());
        cfg.put("nesterov", c.nesterov());
        cfg.put("weight_decay", c.weightDecay());
        cfg.put("schedule", c.schedule().name().toLowerCase(Locale.ROOT));
        cfg.put("warmup_epochs", c.warmupEpochs());
        cfg.put("label_smoothing", c.labelSmoothing());
        cfg.put("width", c.width());
        cfg.put("augment", c.augment());
        cfg.put("train_limit", c.trainLimit());
        cfg.put("test_limit", c.testLimit());
        m.put("command", "sparsetrain train " + String.join(" ", c.flags()));
        m.put("config", cfg);
        m.put("seed", c.seed());
        var backend = Backends.get();
        m.put("backend", Map.of("name", backend.name(), "threads", backend.threads(), "selection", Backends.selectionReport()));
        m.put("data", Map.of("description", data.description(), "fingerprint", data.fingerprint(),
                "normalisation_mean", Arrays.stream(stats[0]).boxed().toList(),
                "normalisation_std", Arrays.stream(stats[1]).boxed().toList()));
        m.put("parameters", parameters);
        m.put("versions", Map.of("sparsetrain", Main.version(), "java", System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        m.put("started", started);
        return m;
    }
}

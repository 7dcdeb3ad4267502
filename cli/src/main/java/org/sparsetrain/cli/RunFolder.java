package org.sparsetrain.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sparsetrain.cli.report.Json;
import org.sparsetrain.cli.report.SvgLineChart;

/**
 * A run's folder: {@code manifest.json}, {@code metrics.jsonl} and {@code metrics.csv} (one line per epoch),
 * {@code checkpoint.safetensors} (the latest epoch), and the pictures {@code loss.svg} and {@code accuracy.svg}.
 * A folder that already holds a run is never overwritten: it must be resumed or another one chosen.
 */
final class RunFolder {
    static final String CHECKPOINT = "checkpoint.safetensors";
    /** The trained sparse model in compact form (values + indices) for sparse inference ({@code eval}). */
    static final String SPARSE_MODEL = "model-sparse.safetensors";
    private final Path dir;

    private RunFolder(Path dir) { this.dir = dir; }

    /** A new run in {@code dir} (created if missing; must not hold a run already). */
    static RunFolder create(Path dir) throws IOException {
        if (Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve("metrics.csv"))) {
            throw new UsageException("train: " + dir + " already holds a run; continue it with --resume " + dir
                    + " or choose another --out");
        }
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    /** An existing run to continue. */
    static RunFolder existing(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CHECKPOINT))) {
            throw new UsageException("train: --resume " + dir + ": no " + CHECKPOINT + " there (was the run started with --out "
                    + dir + "?)");
        }
        return new RunFolder(dir);
    }

    Path dir() { return dir; }

    Path checkpoint() { return dir.resolve(CHECKPOINT); }

    void writeManifest(Map<String, Object> manifest) throws IOException {
        writeAtomically("manifest.json", Json.pretty(manifest));
    }

    /** Appends one epoch to both metrics files; drops lines of epochs at or after it first (a resumed run redoes them). */
    void appendMetrics(EpochMetrics m) throws IOException {
        List<EpochMetrics> kept = new ArrayList<>(metrics());
        kept.removeIf(old -> old.epoch() >= m.epoch());
        kept.add(m);
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (EpochMetrics e : kept) {
            csv.append(e.toCsv()).append('\n');
            jsonl.append(Json.write(e.toMap())).append('\n');
        }
        writeAtomically("metrics.csv", csv.toString());
        writeAtomically("metrics.jsonl", jsonl.toString());
    }

    /** The epochs recorded so far (from {@code metrics.csv}). */
    List<EpochMetrics> metrics() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        if (!Files.exists(csv)) return List.of();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<EpochMetrics> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) out.add(EpochMetrics.fromCsv(line));
        }
        return out;
    }

    /** Redraws the loss and accuracy curves from the metrics so far. */
    void renderCurves() throws IOException {
        List<EpochMetrics> ms = metrics();
        double[] epochs = ms.stream().mapToDouble(EpochMetrics::epoch).toArray();
        writeAtomically("loss.svg", new SvgLineChart("loss per epoch", "epoch", "cross-entropy")
                .add(new SvgLineChart.Series("train", epochs, ms.stream().mapToDouble(EpochMetrics::trainLoss).toArray()))
                .add(new SvgLineChart.Series("test", epochs, ms.stream().mapToDouble(EpochMetrics::testLoss).toArray()))
                .render());
        writeAtomically("accuracy.svg", new SvgLineChart("accuracy per epoch", "epoch", "accuracy (%)")
                .add(new SvgLineChart.Series("train", epochs, ms.stream().mapToDouble(m -> 100 * m.trainAccuracy()).toArray()))
                .add(new SvgLineChart.Series("test", epochs, ms.stream().mapToDouble(m -> 100 * m.testAccuracy()).toArray()))
                .render());
    }

    void writeAtomically(String name, String text) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

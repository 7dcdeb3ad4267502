package org.sparsetrain.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.sparsetrain.cli.report.SvgLineChart;

/**
 * {@code sparsetrain compare}: trains every combination of methods, densities, distributions and seeds with
 * otherwise identical settings, then writes a table (mean and spread over seeds) and the RigL paper's two
 * plots: test accuracy against density and against training FLOPs. Each run keeps its own run folder under
 * the comparison folder; a run that already finished there is reused, so an interrupted comparison continues.
 */
final class CompareCommand {
    static final String HELP = """
            usage: sparsetrain compare [flags] [train flags]

              --methods LIST        comma-separated: dense, static, set, snfs, rigl, snip, prune (default dense,static,set,rigl)
              --densities LIST      densities of the sparse methods (default 0.2,0.1,0.05,0.02)
              --distributions LIST  erk, er, uniform (default erk)
              --seeds LIST          seeds; each combination runs once per seed (default 1,2)
              --out DIR             comparison folder (default runs/compare-<time>)
            Every other flag is passed to each 'train' run (--model, --data, --epochs, --batch, --lr, --delta, ...).""";

    private static final Set<String> OWN = Set.of("methods", "densities", "distributions", "seeds", "out");
    private static final Set<String> SPARSE_ONLY = Set.of("delta", "alpha", "t-end", "grad-accumulation");
    private static final Set<String> FORBIDDEN = Set.of("method", "density", "distribution", "seed", "resume", "stop-after");

    private final PrintStream out, err;

    CompareCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One trained combination and its result. */
    record Row(String method, String distribution, double density, long seed, TrainCommand.RunResult result) {}

    int run(List<String> args) throws IOException {
        Set<String> valued = new TreeSet<>(TrainCommand.VALUED);
        valued.addAll(OWN);
        Flags flags = Flags.parse("compare", args, valued, Set.of("help", "nesterov"));
        if (flags.has("help")) {
            out.println(HELP);
            return Main.OK;
        }
        for (String f : FORBIDDEN) {
            if (flags.has(f)) throw new UsageException("compare: --" + f + " is set per run; use --methods, --densities, --distributions, --seeds");
        }
        List<String> methods = list(flags, "methods", "dense,static,set,rigl");
        List<Double> densities = list(flags, "densities", "0.2,0.1,0.05,0.02").stream().map(s -> number("densities", s)).toList();
        List<String> distributions = list(flags, "distributions", "erk");
        List<Long> seeds = list(flags, "seeds", "1,2").stream().map(s -> (long) number("seeds", s)).toList();
        Path dir = Path.of(flags.stringValue("out", "runs/compare-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())));
        Files.createDirectories(dir);
        // Flags every run gets, and those only sparse runs take (a dense run rejects them).
        List<String> common = new ArrayList<>(), sparseOnly = new ArrayList<>();
        List<String> given = flags.given();
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i).substring(2);
            boolean hasValue = valued.contains(name);
            if (!OWN.contains(name)) {
                List<String> target = SPARSE_ONLY.contains(name) ? sparseOnly : common;
                target.add(given.get(i));
                if (hasValue) target.add(given.get(i + 1));
            }
            if (hasValue) i++;
        }

        List<String[]> plan = new ArrayList<>();
        for (String m : methods) {
            for (String dist : m.equals("dense") ? List.of("-") : distributions) {
                for (double d : m.equals("dense") ? List.of(1.0) : densities) {
                    for (long seed : seeds) plan.add(new String[] {m, dist, Double.toString(d), Long.toString(seed)});
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (String[] p : plan) {
            i++;
            String name = p[0] + (p[0].equals("dense") ? "" : "-" + p[1] + "-d" + p[2]) + "-s" + p[3];
            Path runDir = dir.resolve(name);
            long start = System.nanoTime();
            TrainCommand.RunResult result = finished(runDir);
            if (result == null) {
                List<String> a = new ArrayList<>(common);
                a.addAll(List.of("--seed", p[3], "--out", runDir.toString()));
                if (!p[0].equals("dense")) {
                    a.addAll(List.of("--method", p[0], "--density", p[2], "--distribution", p[1]));
                    a.addAll(sparseOnly);
                }
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                TrainCommand train = new TrainCommand(new PrintStream(log, true, StandardCharsets.UTF_8), err);
                if (Files.exists(runDir)) deleteUnfinished(runDir);
                train.run(a);
                Files.writeString(runDir.resolve("train.log"), log.toString(StandardCharsets.UTF_8));
                result = train.lastResult();
            }
            rows.add(new Row(p[0], p[1], Double.parseDouble(p[2]), Long.parseLong(p[3]), result));
            out.printf(Locale.ROOT, "[%d/%d] %-28s test acc %6.2f%%  training FLOPs %.3fx  (%.0f s)%n", i, plan.size(), name,
                    100 * result.last().testAccuracy(), result.trainingFlops(), (System.nanoTime() - start) / 1e9);
        }
        writeSummary(dir, rows);
        out.println("comparison written to " + dir + " (summary.md, results.csv, accuracy-vs-density.svg, accuracy-vs-flops.svg)");
        return Main.OK;
    }

    /** The result of a run that completed in {@code runDir}, or {@code null}. */
    private static TrainCommand.RunResult finished(Path runDir) throws IOException {
        Path csv = runDir.resolve("result.csv");
        if (!Files.isRegularFile(csv)) return null;
        String[] f = Files.readAllLines(csv).get(1).split(",");
        List<EpochMetrics> metrics = Files.isRegularFile(runDir.resolve("metrics.csv"))
                ? Files.readAllLines(runDir.resolve("metrics.csv")).stream().skip(1).map(EpochMetrics::fromCsv).toList() : List.of();
        EpochMetrics last = metrics.isEmpty()
                ? new EpochMetrics(0, 0, 0, 0, Double.parseDouble(f[1]), Double.parseDouble(f[0]), 0, 0, 0) : metrics.getLast();
        return new TrainCommand.RunResult(last, Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]));
    }

    /** A run that stopped before writing its result is started again from scratch. */
    private static void deleteUnfinished(Path runDir) throws IOException {
        try (var files = Files.list(runDir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
    }

    private static void writeSummary(Path dir, List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder("method,distribution,density,seed," + TrainCommand.RunResult.CSV_HEADER + "\n");
        for (Row r : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,", r.method(), r.distribution(), r.density(), r.seed()))
                    .append(r.result().toCsv()).append('\n');
        }
        Files.writeString(dir.resolve("results.csv"), csv.toString());

        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(r.method() + "|" + r.distribution() + "|" + r.density(), k -> new ArrayList<>()).add(r);
        StringBuilder md = new StringBuilder("| method | distribution | density | seeds | test accuracy (mean ± std) | min..max | "
                + "training FLOPs vs dense | inference FLOPs vs dense |\n|---|---|---|---|---|---|---|---|\n");
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (List<Row> g : groups.values()) {
            Row r0 = g.getFirst();
            double[] acc = g.stream().mapToDouble(r -> 100 * r.result().last().testAccuracy()).toArray();
            double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
            double var = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, acc.length - 1);
            double lo = java.util.Arrays.stream(acc).min().orElse(Double.NaN), hi = java.util.Arrays.stream(acc).max().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f ± %.2f | %.2f..%.2f | %.3f | %.3f |%n", r0.method(),
                    r0.distribution(), r0.density(), g.size(), mean, Math.sqrt(var), lo, hi, r0.result().trainingFlops(),
                    r0.result().inferenceFlops()));
            String key = r0.method() + (r0.method().equals("dense") ? "" : " " + r0.distribution());
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {r0.density(), mean, r0.result().trainingFlops()});
        }
        Files.writeString(dir.resolve("summary.md"), md.toString());

        SvgLineChart byDensity = new SvgLineChart("test accuracy vs density", "density (log scale)", "test accuracy (%)").logX();
        SvgLineChart byFlops = new SvgLineChart("test accuracy vs training FLOPs", "training FLOPs / dense (log scale)",
                "test accuracy (%)").logX();
        for (var e : series.entrySet()) {
            List<double[]> pts = e.getValue();
            byDensity.add(new SvgLineChart.Series(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray()));
            byFlops.add(new SvgLineChart.Series(e.getKey(), pts.stream().mapToDouble(p -> p[2]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray()));
        }
        Files.writeString(dir.resolve("accuracy-vs-density.svg"), byDensity.render());
        Files.writeString(dir.resolve("accuracy-vs-flops.svg"), byFlops.render());
    }

    private static List<String> list(Flags flags, String name, String fallback) {
        List<String> items = List.of(flags.stringValue(name, fallback).split(","));
        if (items.stream().anyMatch(String::isBlank)) throw new UsageException("compare: --" + name + " has an empty item");
        return items.stream().map(String::trim).toList();
    }

    private static double number(String flag, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException("compare: --" + flag + ": '" + s + "' is not a number");
        }
    }
}

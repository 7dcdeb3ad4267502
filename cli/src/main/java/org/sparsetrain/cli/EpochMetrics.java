package org.sparsetrain.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What one epoch measured; one line of {@code metrics.jsonl} and {@code metrics.csv}. */
record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                    double lr, double seconds, double imagesPerSecond) {

    static final String CSV_HEADER = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,lr,seconds,images_per_second";

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("step", step);
        m.put("train_loss", trainLoss);
        m.put("train_accuracy", trainAccuracy);
        m.put("test_loss", testLoss);
        m.put("test_accuracy", testAccuracy);
        m.put("lr", lr);
        m.put("seconds", seconds);
        m.put("images_per_second", imagesPerSecond);
        return m;
    }

    String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.1f", epoch, step, trainLoss, trainAccuracy,
                testLoss, testAccuracy, lr, seconds, imagesPerSecond);
    }

    /** Parses a line written by {@link #toCsv()}. */
    static EpochMetrics fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 9) throw new IllegalArgumentException("metrics.csv: expected 9 fields, got " + f.length + " in '" + line + "'");
        return new EpochMetrics(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]));
    }
}

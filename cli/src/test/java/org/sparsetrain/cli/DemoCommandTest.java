package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
    private static final Pattern EPOCH = Pattern.compile(
            "epoch +(\\d+)/(\\d+) +loss ([0-9.]+) +train acc +([0-9.]+)% +test acc +([0-9.]+)%.*");

    @Test void demoPrintsOneLinePerEpochWithFallingLoss() {
        MainTest.Result r = MainTest.run("demo", "--epochs", "3", "--seed", "1", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<Matcher> epochs = lines.stream().map(EPOCH::matcher).filter(Matcher::matches).toList();
        assertEquals(3, epochs.size(), r.out());
        double firstLoss = Double.parseDouble(epochs.getFirst().group(3));
        double lastLoss = Double.parseDouble(epochs.getLast().group(3));
        assertTrue(lastLoss < 0.5 * firstLoss, "loss should fall: " + r.out());
        assertTrue(Double.parseDouble(epochs.getLast().group(5)) > 85.0, "test accuracy: " + r.out());
    }

    @Test void sameSeedPrintsTheSameNumbers() {
        String a = stripTimes(MainTest.run("demo", "--epochs", "1", "--seed", "9").out());
        String b = stripTimes(MainTest.run("demo", "--epochs", "1", "--seed", "9").out());
        assertEquals(a, b);
    }

    /** Drops the wall-clock seconds at the end of each epoch line. */
    private static String stripTimes(String out) { return out.replaceAll(" +[0-9.]+ s\\n", "\n"); }
}

package org.sparsetrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainTest {

    /** Exit code and captured output of one {@link Main#run}. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test void unknownFlagIsOneLineAndExitCode2() {
        Result r = run("train", "--epoch", "3");
        assertEquals(2, r.code());
        assertEquals("sparsetrain: train: unknown flag --epoch (known: --epochs, --help, --seed, --threads)",
                r.err().strip());
        assertEquals("", r.out(), "nothing runs on a usage error");
    }

    @Test void badValuesAreReportedWithTheFlagAndTheValue() {
        assertUsageError("sparsetrain: train: --epochs must be an integer >= 1, got 'ten'", "train", "--epochs", "ten");
        assertUsageError("sparsetrain: train: --epochs must be an integer >= 1, got '0'", "train", "--epochs=0");
        assertUsageError("sparsetrain: train: --threads must be an integer >= 1, got '-2'", "train", "--threads", "-2");
        assertUsageError("sparsetrain: train: --seed needs a value", "train", "--seed");
        assertUsageError("sparsetrain: train: --help takes no value", "train", "--help=yes");
        assertUsageError("sparsetrain: train: --seed given twice", "train", "--seed", "1", "--seed", "2");
        assertUsageError("sparsetrain: train: unexpected argument 'fast'; try train --help", "train", "fast");
        assertUsageError("sparsetrain: unknown command 'fit' (known: train); try --help", "fit");
    }

    @Test void noCommandPrintsUsageWithExitCode2() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("usage: sparsetrain <command>"), r.err());
    }

    @Test void helpExitsZero() {
        Result top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("train"), top.out());
        Result train = run("train", "--help");
        assertEquals(0, train.code());
        assertTrue(train.out().contains("--epochs N"), train.out());
    }

    private static void assertUsageError(String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), String.join(" ", args));
        assertEquals(expected, r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }
}

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
        Result r = run("demo", "--epoch", "3");
        assertEquals(2, r.code());
        assertEquals("sparsetrain: demo: unknown flag --epoch (known: --epochs, --help, --seed, --threads)",
                r.err().strip());
        assertEquals("", r.out(), "nothing runs on a usage error");
    }

    @Test void badValuesAreReportedWithTheFlagAndTheValue() {
        assertUsageError("sparsetrain: demo: --epochs must be an integer >= 1, got 'ten'", "demo", "--epochs", "ten");
        assertUsageError("sparsetrain: demo: --epochs must be an integer >= 1, got '0'", "demo", "--epochs=0");
        assertUsageError("sparsetrain: demo: --threads must be an integer >= 1, got '-2'", "demo", "--threads", "-2");
        assertUsageError("sparsetrain: demo: --seed needs a value", "demo", "--seed");
        assertUsageError("sparsetrain: demo: --help takes no value", "demo", "--help=yes");
        assertUsageError("sparsetrain: demo: --seed given twice", "demo", "--seed", "1", "--seed", "2");
        assertUsageError("sparsetrain: demo: unexpected argument 'fast'; try demo --help", "demo", "fast");
        assertUsageError("sparsetrain: unknown command 'fit' (known: train, eval, compare, demo); try --help", "fit");
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
        Result train = run("demo", "--help");
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

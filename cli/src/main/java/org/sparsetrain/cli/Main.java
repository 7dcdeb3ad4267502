package org.sparsetrain.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sparsetrain <command> [flags]}. Exit codes: 0 success, 1 the command failed, 2 bad usage.
 * {@link #run} returns the code so tests can call it; only {@link #main} exits the JVM.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: sparsetrain <command> [flags]

            commands:
              train    train a model on real data (default: LeNet-300-100 on the embedded Fashion-MNIST subset)
              eval     test accuracy and loss of a checkpoint
              compare  train several sparse methods, densities and seeds; table and accuracy-vs-density/FLOPs plots
              demo     train a small MLP on seeded synthetic data (no data files needed)

            'sparsetrain <command> --help' lists a command's flags.""";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The project version from the jar manifest, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Runs one command; never throws and never exits. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "train" -> new TrainCommand(out, err).run(rest);
                case "eval" -> new EvalCommand(out).run(rest);
                case "compare" -> new CompareCommand(out, err).run(rest);
                case "demo" -> new DemoCommand(out).run(rest);
                case "--help", "-h", "help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "' (known: train, eval, compare, demo); try --help");
            };
        } catch (UsageException e) {
            err.println("sparsetrain: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("sparsetrain: " + args[0] + ": " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("sparsetrain: " + args[0] + " failed: " + e);
            return FAILED;
        }
    }
}

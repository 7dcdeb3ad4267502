package org.sparsetrain.cli;

/** A mistake in the command line, reported as one line and exit code 2, never as a stack trace. */
final class UsageException extends RuntimeException {
    UsageException(String message) { super(message, null, false, false); }
}

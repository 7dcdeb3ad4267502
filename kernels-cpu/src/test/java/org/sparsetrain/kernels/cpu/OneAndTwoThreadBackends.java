package org.sparsetrain.kernels.cpu;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A 1-thread and a 2-thread SIMD backend for one test class, started before its first test and closed (their
 * worker threads stopped) after its last: the pair the conformance tests compare against the reference, so that
 * both the inline path and the split path of every kernel run. Register with
 * {@code @RegisterExtension static final OneAndTwoThreadBackends SIMD = new OneAndTwoThreadBackends();}.
 */
final class OneAndTwoThreadBackends implements BeforeAllCallback, AfterAllCallback {
    private SimdBackend one, two;

    @Override public void beforeAll(ExtensionContext context) {
        one = new SimdBackend(1);
        two = new SimdBackend(2);
    }

    @Override public void afterAll(ExtensionContext context) {
        one.close();
        two.close();
    }

    SimdBackend one() { return started(one); }

    SimdBackend two() { return started(two); }

    private static SimdBackend started(SimdBackend b) {
        if (b == null) throw new IllegalStateException("OneAndTwoThreadBackends: used outside a test of its class");
        return b;
    }
}

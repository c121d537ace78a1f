package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;

/**
 * "Within one second": polls a condition right after the change's response, and fails if it did not hold
 * within {@link #LIMIT_MS}. It keeps polling a little longer only to say how late it came (or that it never did).
 */
public final class Live {

    public static final long LIMIT_MS = 1000;
    private static final long GIVE_UP_MS = 5000;

    private Live() {}

    /** Asserts that {@code condition} holds within one second; returns how long it took (ms). */
    public static long within1s(String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long elapsed;
        boolean held;
        do {
            held = condition.getAsBoolean();
            elapsed = (System.nanoTime() - start) / 1_000_000;
            if (!held) {
                sleep();
            }
        } while (!held && elapsed < GIVE_UP_MS);
        long took = elapsed;
        assertTrue(held, () -> what + ": not after " + took + " ms");
        assertTrue(took <= LIMIT_MS, () -> what + ": only after " + took + " ms (limit " + LIMIT_MS + " ms)");
        return took;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

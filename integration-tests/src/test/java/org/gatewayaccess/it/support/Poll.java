package org.gatewayaccess.it.support;

/** The pause between two looks of a polling loop (tests wait for an outcome, never for a fixed time). */
public final class Poll {

    private Poll() {}

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Starting a sync and following a job (sync or migration) through the API until it ends. */
public final class Jobs {

    private static final long TIMEOUT_MILLIS = 120_000;

    private Jobs() {}

    /** Starts a sync as the realm's gateway admin and polls its job until it is no longer running. */
    public static JsonNode runSync(GatewayRealm gw, boolean dryRun) {
        return runSync(gw, dryRun, gw.gatewayAdminToken());
    }

    /** Starts a sync with that caller's token and polls its job until it is no longer running. */
    public static JsonNode runSync(GatewayRealm gw, boolean dryRun, String token) {
        Http.Result started = Http.post(gw.api() + "/sync?dryRun=" + dryRun, token, null);
        assertEquals(202, started.status(), started::toString);
        String id = started.json().get("id").asText();
        assertEquals("sync", started.json().get("kind").asText());
        return waitForJob(gw, id, token);
    }

    /** Polls a job (sync or migration) until it is no longer running; a finished job has its {@code finishedAt}. */
    public static JsonNode waitForJob(GatewayRealm gw, String id, String token) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode job = Http.get(gw.api() + "/jobs/" + id, token).json();
            if (!"running".equals(job.get("status").asText())) {
                assertTrue(job.get("finishedAt").isTextual(), job::toString);
                return job;
            }
            Poll.pause(200);
        }
        throw new AssertionError("job " + id + " still running after " + TIMEOUT_MILLIS / 1000 + " s");
    }
}

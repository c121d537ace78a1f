package org.gatewayaccess.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far: by this JVM (the load generator; Maven's idle threads too), by the Keycloak JVMs and by
 * PostgreSQL (all child processes of this JVM), and by the whole machine (/proc/stat) — the rest is other work on the
 * machine (e.g. someone else's build), which the reports show so that a noisy run can be seen as such.
 */
record CpuSnapshot(long self, long keycloak, long postgres, long machineBusyTicks) {

    static CpuSnapshot take() {
        long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long[] children = new long[2];
        ProcessHandle.current().descendants().forEach(p -> {
            String cmd = p.info().command().orElse("");
            long cpu =
                    p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
            if (cmd.endsWith("/postgres")) {
                children[1] += cpu;
            } else if (cmd.endsWith("/java")) {
                children[0] += cpu;
            }
        });
        long busy = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal
            busy = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: no machine figure
        }
        return new CpuSnapshot(self, children[0], children[1], busy);
    }

    /** Cores used on average over {@code elapsedNanos}: load generator, Keycloak, PostgreSQL, anything else. */
    double[] minus(CpuSnapshot before, long elapsedNanos) {
        double e = elapsedNanos;
        double self = (this.self - before.self) / e;
        double kc = (keycloak - before.keycloak) / e;
        double pgc = (postgres - before.postgres) / e;
        double machine = (machineBusyTicks - before.machineBusyTicks) * 10_000_000.0 / e; // USER_HZ = 100
        return new double[] {self, kc, pgc, Math.max(0, machine - self - kc - pgc)};
    }
}

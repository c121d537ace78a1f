package org.gatewayaccess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine the benchmarks run on: waiting for it to be quiet, and reading a process's memory. */
final class Machine {

    /** A run starts once processes other than this benchmark, its Keycloaks and its PostgreSQL use at most this many cores. */
    static final double QUIET_CORES = 0.25;

    private Machine() {}

    /**
     * Waits (at most {@code maxSeconds}) until processes other than this benchmark, its Keycloaks and its PostgreSQL
     * use at most {@link #QUIET_CORES} cores over 3 s; says how long it waited and what the others used.
     */
    static String waitForQuiet(int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxSeconds * 1_000_000_000L;
        while (true) {
            CpuSnapshot a = CpuSnapshot.take();
            long t0 = System.nanoTime();
            Thread.sleep(3_000);
            double other = CpuSnapshot.take().minus(a, System.nanoTime() - t0)[3];
            long waited = (System.nanoTime() - start) / 1_000_000_000L;
            if (other <= QUIET_CORES || System.nanoTime() > deadline) {
                String what = String.format(
                        Locale.ROOT,
                        "other processes used %.2f cores when the run started (after %d s of waiting%s)",
                        other,
                        waited,
                        other <= QUIET_CORES ? "" : ", gave up waiting");
                System.out.println(what);
                return what;
            }
            Thread.sleep(10_000);
        }
    }

    /** The Java process of a Keycloak started by kc.sh (kc.sh itself, or the child it runs java as). */
    static ProcessHandle javaOf(Process launcher) {
        List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(launcher.toHandle());
        launcher.descendants().forEach(candidates::add);
        return candidates.stream()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no java process under " + launcher.pid()));
    }

    /** Resident set size in KiB ({@code VmRSS} of /proc/<pid>/status). */
    static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElseThrow(() -> new IOException("no VmRSS for " + pid));
    }

    /** {@code jcmd <pid> <command...>}: its output. */
    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jcmdPath(), String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static String jcmdPath() {
        Path besideJava = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(besideJava) ? besideJava.toString() : "jcmd";
    }

    /** Used heap in KiB from {@code jcmd GC.heap_info} ("garbage-first heap   total 262144K, used 123456K"). */
    static long heapUsedKib(long pid) throws IOException, InterruptedException {
        String info = jcmd(pid, "GC.heap_info");
        Optional<String> line = info.lines()
                .filter(l -> l.contains(" heap") && l.contains("used "))
                .findFirst();
        String text = line.orElseThrow(() -> new IOException("no heap line in: " + info));
        String used = text.substring(text.indexOf("used ") + 5).trim().split("[^0-9]")[0];
        return Long.parseLong(used);
    }
}

package org.gatewayaccess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/** The detailed report of one benchmark: where it goes and the lines every report starts with. */
final class Reports {

    private Reports() {}

    /** Date, machine, JDK and Keycloak version, as Markdown list items. */
    static String conditions() {
        return "- Date: " + Instant.now() + "\n"
                + "- Machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + ram()
                + " RAM\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "\n"
                + "- Keycloak " + System.getProperty("keycloak.version")
                + " (distribution, `start`, `--cache=local`, heap 1 GiB) on"
                + " PostgreSQL 17 (zonky binaries, `synchronous_commit=off`, `fsync=off`), load generator in the benchmark JVM, all on this machine"
                + " over loopback\n";
    }

    /** Writes {@code <name>-<date>.md} to {@code bench.results}, prints it and names it in the run's summary. */
    static Path write(String name, String markdown) throws IOException {
        Path dir = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name + "-" + LocalDate.now() + ".md");
        Files.writeString(file, markdown);
        System.out.println(markdown);
        System.out.println("Report: " + file);
        Summary.detail(file);
        return file;
    }

    static String cpuModel() {
        return proc("/proc/cpuinfo", "model name");
    }

    static String ram() {
        String memKb = proc("/proc/meminfo", "MemTotal");
        return memKb.isEmpty()
                ? "?"
                : String.format(
                        Locale.ROOT, "%.1f GiB", Long.parseLong(memKb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    }

    /** A value of a {@code /proc} file such as {@code /proc/meminfo} ("" if absent). */
    static String proc(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}

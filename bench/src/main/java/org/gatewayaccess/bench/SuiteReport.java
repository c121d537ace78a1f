package org.gatewayaccess.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one report of {@code bench/run-all.sh}: conditions of the run, one table with every figure of every benchmark
 * (from the lines they appended to {@code bench.summary}, see {@link Summary}), then each benchmark's own detailed
 * report. Run by the script after the last benchmark; it passes what only the shell knows as system properties.
 */
public final class SuiteReport {

    private SuiteReport() {}

    public static void main(String[] args) throws Exception {
        Path summary = Path.of(System.getProperty("bench.summary"));
        Path out = Path.of(System.getProperty("bench.report"));
        long started = Long.getLong("bench.started", 0);
        Duration took = Duration.ofSeconds(Instant.now().getEpochSecond() - started);
        List<String> lines = Files.exists(summary) ? Files.readAllLines(summary) : List.of();

        StringBuilder table = new StringBuilder();
        table.append("| figure | with Gateway Access | plain Keycloak / baseline | ratio | target | runs |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        List<String> details = new ArrayList<>();
        List<String> timings = new ArrayList<>();
        String postgres = System.getProperty("bench.postgres", "17");
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "begin" -> table.append("| **").append(f[1]).append("** | | | | | |\n");
                case "row" ->
                    table.append("| ")
                            .append(f[1])
                            .append(" | ")
                            .append(f[2])
                            .append(" | ")
                            .append(f[3])
                            .append(" | ")
                            .append(f[4])
                            .append(" | ")
                            .append(f[5])
                            .append(" | ")
                            .append(f[6])
                            .append(" |\n");
                case "end" -> {
                    timings.add(
                            f[1] + " " + f[3] + " s" + ("0".equals(f[2]) ? "" : " (**failed**, exit " + f[2] + ")"));
                    if (!"0".equals(f[2])) {
                        table.append("| ")
                                .append(f[1])
                                .append(" **failed** (exit ")
                                .append(f[2])
                                .append("): see `")
                                .append(f[4])
                                .append("` | | | | | |\n");
                    }
                }
                case "detail" -> details.add(f[1]);
                case "meta" -> {
                    if ("postgres".equals(f[1])) {
                        postgres = f[2];
                    }
                }
                default -> {
                    // unknown kind: ignored
                }
            }
        }

        StringBuilder r = new StringBuilder("# Gateway Access benchmarks"
                + (Boolean.getBoolean("bench.quick") ? " (quick smoke run: tiny sizes, not results)" : "") + "\n\n");
        r.append("- Date: ")
                .append(Instant.ofEpochSecond(started))
                .append(" to ")
                .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(String.format(Locale.ROOT, " (%d min %02d s)", took.toMinutes(), took.toSecondsPart()))
                .append('\n');
        r.append("- Commit: ").append(System.getProperty("bench.commit", "?")).append('\n');
        r.append("- Command: `")
                .append(System.getProperty("bench.command", "bench/run-all.sh"))
                .append("`\n");
        r.append("- Machine: ")
                .append(Reports.cpuModel())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(Reports.ram())
                .append(" RAM; ")
                .append(System.getProperty("bench.os", System.getProperty("os.name")))
                .append('\n');
        r.append("- Versions: Keycloak ")
                .append(System.getProperty("keycloak.version"))
                .append(" (the distribution from Maven Central,")
                .append(" `start`, `--cache=local`, heap 1 GiB); PostgreSQL ")
                .append(postgres)
                .append(" (zonky binaries, `synchronous_commit=off`, `fsync=off`);")
                .append(" Java ")
                .append(System.getProperty("java.runtime.version"))
                .append(" (")
                .append(System.getProperty("java.vm.name"))
                .append(") for Keycloak and the load generators\n");
        r.append(
                        "- Everything (Keycloak, PostgreSQL, load generators) on this machine, over loopback; every load is bounded in requests")
                .append(
                        " and time, and each benchmark waits (bounded) for the rest of the machine to be quiet before each run; its own")
                .append(" report below says what the rest of the machine used.\n");
        r.append("- Time per benchmark: ").append(String.join(", ", timings)).append('\n');
        r.append(
                        "\nRatio = with Gateway Access ÷ plain Keycloak (or the baseline named in the figure), each side the median of the")
                .append(" runs given; for times and latencies lower is better, for throughput higher is better.\n\n");
        r.append(table);
        r.append(
                        "\nTargets are those of issue 7 (link/unlink ≤ 1.10×, brokered logins ≥ 0.95×), and of the issues the other")
                .append(
                        " benchmarks were written for (`/check`: p99 ≤ 5 ms, throughput ≥ 10× the token endpoint; roles-to-groups: 100,000")
                .append(" users in under 60 s, ≥ 20× faster than the admin API).\n");
        if (!details.isEmpty()) {
            r.append("\n# Details\n");
            for (String d : details) {
                Path p = Path.of(d);
                r.append("\n").append(Files.exists(p) ? demote(Files.readString(p)) : "(missing: " + d + ")\n");
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, r.toString());
        System.out.println(r.substring(0, r.indexOf("\n# Details") < 0 ? r.length() : r.indexOf("\n# Details")));
        System.out.println("Report: " + out);
    }

    /** Headings one level down, so that each benchmark's report is a section of this one. */
    private static String demote(String markdown) {
        StringBuilder sb = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            sb.append(line.startsWith("#") ? "#" + line : line).append('\n');
        }
        return sb.toString();
    }
}

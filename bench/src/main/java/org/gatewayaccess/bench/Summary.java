package org.gatewayaccess.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What a benchmark contributes to the one report of {@code bench/run-all.sh}: rows of its summary table, the path of
 * its own detailed report, and facts about the run. Appended as tab-separated lines to the file named by the system
 * property {@code bench.summary}; without it (a benchmark run on its own), nothing is written.
 */
final class Summary {

    private Summary() {}

    /**
     * One figure: with the extension, for plain Keycloak (or the baseline), their ratio, the target for it
     * (with whether it was met; "" for none) and how many runs each figure is the median of.
     */
    static void row(String figure, String with, String baseline, String ratio, String target, String runs) {
        append("row", figure, with, baseline, ratio, target, runs);
    }

    static void detail(Path report) {
        append("detail", report.toAbsolutePath().toString());
    }

    static void meta(String key, String value) {
        append("meta", key, value);
    }

    /** {@code 1.04×}; small ratios with more digits ({@code 0.011×}). */
    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, r < 0.1 ? "%.3f×" : "%.2f×", r) : "—";
    }

    /** "≤ 1.10× (met)" for a ratio that must be at most {@code limit}. */
    static String atMost(double ratio, double limit) {
        return String.format(
                Locale.ROOT,
                "≤ %s× (%s)",
                number(limit),
                !Double.isFinite(ratio) ? "not measured" : ratio <= limit ? "met" : "**not met**");
    }

    /** "≥ 0.95× (met)" for a ratio that must be at least {@code limit}. */
    static String atLeast(double ratio, double limit) {
        return String.format(
                Locale.ROOT,
                "≥ %s× (%s)",
                number(limit),
                !Double.isFinite(ratio) ? "not measured" : ratio >= limit ? "met" : "**not met**");
    }

    /** 10 as "10", 0.95 as "0.95". */
    private static String number(double v) {
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }

    private static synchronized void append(String kind, String... fields) {
        String file = System.getProperty("bench.summary");
        if (file == null || file.isBlank()) {
            return;
        }
        StringBuilder line = new StringBuilder(kind);
        for (String f : fields) {
            line.append('\t')
                    .append(
                            f == null
                                    ? ""
                                    : f.replace('\t', ' ').replace('\n', ' ').replace("|", "\\|"));
        }
        try {
            Files.writeString(Path.of(file), line.append('\n'), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.gatewayaccess.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Medians and percentiles. */
final class Stats {

    private Stats() {}

    /** The middle value (the mean of the two middle ones for an even count); NaN for none. */
    static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Nearest-rank percentile of nanosecond latencies, in milliseconds; NaN for none. */
    static double percentileMillis(long[] nanos, double q) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** "12.3 ms (11.9, 12.3, 14.0)": the median and every run. */
    static String cell(List<Double> perRun, String format, String unit) {
        return String.format(Locale.ROOT, format, median(perRun)) + unit + " ("
                + perRun.stream()
                        .map(v -> String.format(Locale.ROOT, format, v))
                        .collect(Collectors.joining(", ")) + ")";
    }
}

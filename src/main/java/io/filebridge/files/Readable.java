package io.filebridge.files;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Durations and sizes as error reports show them: "10 min 32 s", "1 s 500 ms", "24.0 MB", "812 bytes". Milliseconds
 * are shown only below 10 s, where they can matter.
 */
public final class Readable {

    private Readable() {
    }

    public static String duration(Duration duration) {
        List<String> parts = new ArrayList<>();
        long[] amounts = {duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart(),
                duration.toSeconds() < 10 ? duration.toMillisPart() : 0};
        String[] units = {"h", "min", "s", "ms"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] != 0) {
                parts.add(amounts[i] + " " + units[i]);
            }
        }
        return parts.isEmpty() ? "0 s" : String.join(" ", parts);
    }

    /** 1024-based, with the unit names Spring's {@code DataSize} settings use (KB, MB, GB). */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

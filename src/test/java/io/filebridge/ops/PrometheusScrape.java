package io.filebridge.ops;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of {@code /actuator/prometheus} in the text format, read by metric name and labels. */
record PrometheusScrape(String text) {

    /** The value of the one sample with this name whose labels include all of {@code labels}; empty if none. */
    OptionalDouble value(String name, Map<String, String> labels) {
        List<String> matching = samples(name, labels);
        if (matching.size() > 1) {
            throw new AssertionError("more than one sample of " + name + " with " + labels + ": " + matching);
        }
        return matching.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(Double.parseDouble(matching.get(0).substring(matching.get(0).lastIndexOf(' ') + 1)));
    }

    /** Sample lines with this exact name (not a longer one) whose labels include all of {@code labels}. */
    List<String> samples(String name, Map<String, String> labels) {
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                .toList();
    }
}

package io.filebridge.ops.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.filebridge.DataDirSettings;
import io.filebridge.translation.TrackingSettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Where filebridge keeps its own state on disk, and how much room is left there: the data dir (by default also the
 * sample pipelines' hot folders and outboxes), the embedded ledger's database file when the ledger is an H2 file, and
 * the spool of translation originals. Each may sit on its own file store (a mount); a store that runs full fails
 * ledger writes, spooled originals or receipts. Reading the room left is a statvfs call per path, cheap enough for
 * every health request and scrape.
 */
@Component
public class DataDisks {

    /** One watched place: its role ("dataDir", "ledger", "spool") and path. */
    public record Watched(String role, Path path) {
    }

    /** The room left on a watched place's file store, now. */
    public record Room(Watched watched, long usable, long total) {
    }

    private final List<Watched> watched;
    private final DataSize minFree;

    public DataDisks(Environment environment, DataDirSettings dataDir, TrackingSettings tracking,
            DiskSettings settings) {
        List<Watched> places = new ArrayList<>();
        Optional.ofNullable(dataDir.dataDir()).ifPresent(dir -> places.add(new Watched("dataDir", absolute(dir))));
        h2File(environment.getProperty("spring.datasource.url"))
                .ifPresent(file -> places.add(new Watched("ledger", file.getParent())));
        places.add(new Watched("spool", absolute(tracking.getSpoolDir())));
        this.watched = List.copyOf(places);
        this.minFree = settings.minFree();
    }

    public List<Watched> watched() {
        return watched;
    }

    /** Below this much usable space, a store counts as full. */
    public DataSize minFree() {
        return minFree;
    }

    /**
     * The room on each watched place's store. A place that does not exist yet (the spool before the first
     * translation) is measured at its nearest existing parent: that is the store it will be created on.
     */
    public List<Room> rooms() {
        return watched.stream().map(w -> {
            Path existing = nearestExisting(w.path());
            return new Room(w, existing.toFile().getUsableSpace(), existing.toFile().getTotalSpace());
        }).toList();
    }

    /**
     * The watched places grouped by file store, in watch order, for one reading per store: several places usually
     * share one. The grouping is taken once, at start.
     */
    public Map<String, Watched> oneWatchedPathPerStore() {
        Map<String, Watched> byStore = new LinkedHashMap<>();
        for (Watched w : watched) {
            byStore.putIfAbsent(storeKey(nearestExisting(w.path())), w);
        }
        return byStore;
    }

    private static String storeKey(Path existing) {
        try {
            FileStore store = Files.getFileStore(existing);
            return store.name() + " " + store.toString();
        } catch (IOException unreadable) {
            return existing.toString();
        }
    }

    /** The path itself, or its nearest parent that exists. */
    public static Path nearestExisting(Path path) {
        Path candidate = path;
        while (candidate != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? path.getRoot() : candidate;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /**
     * The database file of an H2 URL that names one ({@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}); empty for
     * in-memory and server URLs and for other databases, whose disks filebridge does not see.
     */
    static Optional<Path> h2File(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String rest = url.substring(8);
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            name = name.substring(5);
        } else if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")
                || lower.startsWith("zip:") || name.isEmpty()) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(absolute(Path.of(name)));
    }
}

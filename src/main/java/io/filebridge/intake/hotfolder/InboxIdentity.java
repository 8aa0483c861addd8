package io.filebridge.intake.hotfolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which folder an inbox is, independent of the path it is seen at: one host may mount a share at /mnt/in and another
 * at /data/in. The folder carries its own id in a hidden file, {@value #MARKER}, written once by the first filebridge
 * that consumes it. Camel's file consumer never takes a file whose name starts with a dot (unless a route sets
 * {@code includeHiddenFiles}), so the marker is never uploaded, archived or moved.
 *
 * <p>Where no marker can be kept (a folder filebridge may not write, or a route that takes hidden files), the inbox is
 * known by its host and real path instead: two processes on one host still see each other, but processes on different
 * hosts that mount the same share do not.
 *
 * @param id     the lease key: {@code marker:<uuid>} or {@code path:<sha-256 of host and real path>}
 * @param path   the folder as this process sees it (its real path when it exists)
 * @param marker true if {@code id} comes from the marker file
 * @param note   why there is no marker, for the log; null with a marker
 */
public record InboxIdentity(String id, Path path, boolean marker, String note) {

    /** The marker file's name in every inbox. */
    public static final String MARKER = ".filebridge-inbox";

    private static final Pattern UUID_LINE = Pattern.compile("(?m)^\\s*([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})\\s*$");

    /** How long a reader waits for a marker another process has just created to get its content. */
    private static final int READ_TRIES = 40;
    private static final long READ_PAUSE_MS = 50;

    /**
     * The identity of the inbox at {@code folder}, writing its marker if it has none yet.
     *
     * @param markerAllowed false when the consumer would take the marker (it takes hidden files)
     * @param createFolder  true when the consumer creates a missing inbox at start (Camel's {@code autoCreate})
     * @param host          this host's name, part of the path identity
     */
    public static InboxIdentity of(Path folder, boolean markerAllowed, boolean createFolder, String host) {
        Path path = folder.toAbsolutePath().normalize();
        if (createFolder && !Files.isDirectory(path)) {
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                return byPath(path, host, "the inbox does not exist and could not be created (" + e + ")");
            }
        }
        try {
            path = path.toRealPath();
        } catch (IOException missing) {
            return byPath(path, host, "the inbox does not exist");
        }
        if (!markerAllowed) {
            return byPath(path, host, "the route takes hidden files (includeHiddenFiles), so it would take a "
                    + MARKER + " file too");
        }
        Path marker = path.resolve(MARKER);
        try {
            Optional<UUID> id = readOrCreate(marker);
            if (id.isPresent()) {
                return new InboxIdentity("marker:" + id.get(), path, true, null);
            }
            return byPath(path, host, marker + " holds no inbox id; delete it, and the next start writes a new one");
        } catch (IOException | UncheckedIOException e) {
            return byPath(path, host, "the marker file " + marker + " could not be read or written (" + e + ")");
        }
    }

    private static Optional<UUID> readOrCreate(Path marker) throws IOException {
        for (int attempt = 0; attempt < READ_TRIES; attempt++) {
            Optional<UUID> existing;
            try {
                existing = parse(Files.readString(marker, StandardCharsets.UTF_8));
            } catch (NoSuchFileException none) {
                Optional<UUID> created = create(marker);
                if (created.isPresent()) {
                    return created;
                }
                continue; // another process created it first: read theirs
            }
            if (existing.isPresent()) {
                return existing;
            }
            // another process may have just created it and not written the id yet
            try {
                Thread.sleep(READ_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** Writes a new id with CREATE_NEW, so of two processes creating it at once one wins and the other reads it. */
    private static Optional<UUID> create(Path marker) throws IOException {
        UUID id = UUID.randomUUID();
        String content = "# filebridge inbox id. Instances sharing a ledger use it to see that they consume the same"
                + " folder,\n# wherever it is mounted. Keep it here, and do not copy it into another inbox.\n" + id
                + "\n";
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException lost) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    static Optional<UUID> parse(String content) {
        Matcher m = UUID_LINE.matcher(content);
        return m.find() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
    }

    private static InboxIdentity byPath(Path path, String host, String why) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((host + "\n" + path).getBytes(StandardCharsets.UTF_8));
            return new InboxIdentity("path:" + HexFormat.of().formatHex(hash), path, false, why);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

package io.filebridge.intake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The identity of an input file in its hot folder: file key (device and inode), modification time and, where the
 * platform has it, change time. A file untouched since it was taken keeps all three; the same bytes dropped again (a
 * copy, a move back from the failed folder) get a new inode or at least a new change time. The ledger compares it to
 * tell "this file is still here because a stop came before its archive move" from "someone dropped it again"
 * ({@code Ledger.pickUp}).
 */
public final class SourceKey {

    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private SourceKey() {
    }

    /** The identity of the file at {@code path} (not following links), or null if it cannot be read. */
    public static String of(Path path) {
        if (path == null) {
            return null;
        }
        try {
            if (UNIX_VIEW) {
                Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,lastModifiedTime,ctime",
                        LinkOption.NOFOLLOW_LINKS);
                return "unix:" + a.get("dev") + ":" + a.get("ino") + ":" + a.get("lastModifiedTime") + ":"
                        + a.get("ctime");
            }
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return "basic:" + basic.fileKey() + ":" + basic.lastModifiedTime() + ":" + basic.creationTime();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // without an identity a file left by a stop is taken for a copy: a duplicate, never lost
        }
    }
}

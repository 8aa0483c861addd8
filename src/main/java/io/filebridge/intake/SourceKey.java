package io.filebridge.intake;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The identity of an input file in its hot folder: file key (device and inode) and modification time. A file
 * untouched since it was taken keeps both; the same bytes dropped again (a copy, even one that keeps the modification
 * time) get a new inode. The ledger compares it to tell "this file is still here because a stop came before its
 * archive move" from "someone dropped it again" ({@code Ledger.pickUp}). The change time is left out on purpose: the
 * archive move links the file into the archive before it unlinks it from the inbox, which changes it, and a stop
 * between the two must still find the same file.
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
                Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                return "unix:" + a.get("dev") + ":" + a.get("ino") + ":" + a.get("lastModifiedTime");
            }
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return "basic:" + basic.fileKey() + ":" + basic.lastModifiedTime();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // without an identity a file left by a stop is taken for a copy: a duplicate, never lost
        }
    }
}

package io.filebridge.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What tells one state of a file from another without reading it: size, modification time and, where the platform
 * exposes them, the inode change time and the file key. The change time ({@code unix:ctime}) cannot be set by a
 * copying tool and moves on every write and every mtime reset; the file key (device, inode) tells a file replaced
 * under the same name. Both are {@code null} where the platform does not expose them.
 */
public record FileStamp(long size, FileTime lastModified, Object changeTime, Object fileKey) {

    private static final boolean UNIX_VIEW = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,fileKey";

    public static FileStamp of(Path path) throws IOException {
        if (UNIX_VIEW) {
            try {
                Map<String, Object> attributes = Files.readAttributes(path, UNIX_ATTRIBUTES);
                return new FileStamp((Long) attributes.get("size"), (FileTime) attributes.get("lastModifiedTime"),
                        attributes.get("ctime"), attributes.get("fileKey"));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // a file store without the unix view: fall back to the basic attributes
            }
        }
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileStamp(basic.size(), basic.lastModifiedTime(), null, basic.fileKey());
    }

    @Override
    public String toString() {
        return "size=" + size + ", modified=" + lastModified + (changeTime != null ? ", changed=" + changeTime : "");
    }
}

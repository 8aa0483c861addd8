package io.filebridge.intake.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import io.filebridge.intake.IntakeProperties.LinkPolicy;

/**
 * Decides which inbox entries a pipeline must not take, before anything opens them:
 * <ul>
 * <li>a symbolic link (whoever may write to the inbox could otherwise make filebridge send any file its user can
 * read), unless the policy allows links that stay inside the inbox;</li>
 * <li>anything that is not a regular file: a FIFO would block the reading thread until a writer comes, a device or
 * socket has no content to send;</li>
 * <li>a name the JVM cannot decode in its file-name charset (it cannot open the file by that name at all), and a name
 * holding a backslash (a path separator on Windows, which would change the file's path in the archive, the ledger
 * and at the vendor).</li>
 * </ul>
 */
final class InboxEntries {

    private InboxEntries() {
    }

    /** The refusal of a file entry the consumer listed, or empty if it may be taken. */
    static Optional<Refusal> check(File listed, String relativePath, Path inboxRoot, LinkPolicy links) {
        Path path = listed.toPath();
        String name = listed.getName();
        if (name.indexOf('\uFFFD') >= 0 && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path real = undecodable(path).orElse(null);
            if (real == null) {
                return Optional.empty(); // gone since the listing
            }
            return Optional.of(new Refusal("name", "the file name is not valid in the JVM's file-name charset ("
                    + Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()))
                    + "), so the file cannot be opened by its name; rename it to a valid name (run filebridge with a"
                    + " UTF-8 locale, e.g. LANG=C.UTF-8, to allow any Unicode name)", real, safe(relativePath)));
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of(new Refusal("name", "the file name contains a backslash, which is a path separator on"
                    + " Windows and would change the file's path in the archive, the ledger and at the vendor;"
                    + " rename it without '\\'", path, safe(relativePath)));
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty(); // gone, or unreadable: the read lock and the vendor step report that
        }
        if (attributes.isSymbolicLink()) {
            return linkRefusal(path, inboxRoot, links, relativePath, "a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(new Refusal("special", "not a regular file (a FIFO, a socket or a device): it has no"
                    + " content to send and reading it could block; only regular files are taken", path,
                    safe(relativePath)));
        }
        return Optional.empty();
    }

    /** The refusal of a folder entry that is a link (a recursive consumer would walk into its target), or empty. */
    static Optional<Refusal> checkFolder(File listed, String relativePath, Path inboxRoot, LinkPolicy links) {
        Path path = listed.toPath();
        if (!Files.isSymbolicLink(path)) {
            return Optional.empty();
        }
        return linkRefusal(path, inboxRoot, links, relativePath, "a symbolic link to a folder");
    }

    private static Optional<Refusal> linkRefusal(Path link, Path inboxRoot, LinkPolicy links, String relativePath,
            String what) {
        String target;
        try {
            Path real = link.toRealPath();
            if (links == LinkPolicy.INSIDE_INBOX && real.startsWith(inboxRoot.toRealPath())) {
                return Optional.empty();
            }
            target = real.toString();
        } catch (IOException e) {
            target = "a target that does not exist";
        }
        return Optional.of(new Refusal("link", what + " (to " + target + "): links are refused, so that whoever can"
                + " write to the inbox cannot make filebridge send files from elsewhere; put the file itself into the"
                + " inbox" + (links == LinkPolicy.INSIDE_INBOX ? "" : ", or set filebridge.intake.links=inside-inbox"
                        + " to follow links that stay inside the inbox"), link, safe(relativePath)));
    }

    /**
     * The entry behind a name that did not decode: java.io.File carries the name as a String with replacement
     * characters, which names no file; a directory listing through java.nio keeps the name's bytes.
     */
    private static Optional<Path> undecodable(Path listed) {
        Path parent = listed.toAbsolutePath().getParent();
        String lossy = listed.getFileName().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(lossy) && Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(entry);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Undecodable characters and backslashes become '_': the name stays recognisable and becomes usable. */
    static String safe(String relativePath) {
        return relativePath.replace('\uFFFD', '_').replace('\\', '_');
    }
}

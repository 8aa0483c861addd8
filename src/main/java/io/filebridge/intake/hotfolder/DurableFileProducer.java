package io.filebridge.intake.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.filebridge.files.AtomicFiles;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.FileOperations;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileProducer;

/**
 * Camel's file producer, made durable and tidy: the written file is flushed to the disk before Camel renames it from
 * its temporary name ({@code tempPrefix}), and its folder after (camel-file never flushes, so after a power loss a
 * receipt renamed into place could be there under its final name but empty). A write that fails leaves no temporary
 * file behind, and a final name too long for the file system is named as the reason.
 */
final class DurableFileProducer extends GenericFileProducer<File> {

    /** Exchange property: the file this producer wrote for the exchange (the temporary name, when there is one). */
    private static final String WRITTEN = "FilebridgeFileWritten";
    /** Most file systems allow 255 bytes per name. */
    private static final int MAX_NAME_BYTES = 255;

    DurableFileProducer(FileEndpoint endpoint, FileOperations operations) {
        super(endpoint, operations);
    }

    @Override
    public void writeFile(Exchange exchange, String fileName) throws GenericFileOperationFailedException {
        exchange.setProperty(WRITTEN, fileName);
        super.writeFile(exchange, fileName);
        Path written = Path.of(fileName);
        if (Files.isRegularFile(written)) {
            try {
                AtomicFiles.sync(written);
            } catch (IOException e) {
                throw new GenericFileOperationFailedException("Cannot flush " + written + " to the disk: " + e, e);
            }
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return super.process(exchange, doneSync -> {
            String written = exchange.getProperty(WRITTEN, String.class);
            exchange.removeProperty(WRITTEN);
            String produced = exchange.getIn().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
            if (exchange.getException() == null) {
                if (produced != null && Path.of(produced).toAbsolutePath().getParent() != null) {
                    AtomicFiles.syncDirectory(Path.of(produced).toAbsolutePath().getParent());
                }
            } else {
                cleanUp(exchange, written);
            }
            callback.done(doneSync);
        });
    }

    /** A failed write leaves nothing under a temporary name, and says when the final name was too long. */
    private void cleanUp(Exchange exchange, String written) {
        String target = null;
        try {
            target = createFileName(exchange);
        } catch (RuntimeException e) {
            // the name itself could not be computed: nothing to add
        }
        if (written != null && !written.equals(target)) {
            try {
                Files.deleteIfExists(Path.of(written));
            } catch (IOException | RuntimeException e) {
                // best effort: the exception on the exchange says what failed
            }
        }
        if (target != null) {
            Path name = Path.of(target).getFileName();
            int bytes = name == null ? 0 : name.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                exchange.setException(new GenericFileOperationFailedException("Cannot write " + target + ": its name"
                        + " is " + bytes + " bytes long, more than the " + MAX_NAME_BYTES + " most file systems allow"
                        + " (File name too long)", exchange.getException()));
            }
        }
    }
}

package io.filebridge.hotfolder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.filebridge.delivery.AtomicFiles;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.FileOperations;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileProducer;

/**
 * Camel's file producer, flushing to the disk: the written file before Camel renames it from its temporary name
 * ({@code tempPrefix}), and its folder after. camel-file never flushes, so after a power loss a receipt renamed into
 * place could be there under its final name but empty.
 */
final class DurableFileProducer extends GenericFileProducer<File> {

    DurableFileProducer(FileEndpoint endpoint, FileOperations operations) {
        super(endpoint, operations);
    }

    @Override
    public void writeFile(Exchange exchange, String fileName) throws GenericFileOperationFailedException {
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
            String produced = exchange.getIn().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
            if (produced != null && exchange.getException() == null) {
                Path parent = Path.of(produced).toAbsolutePath().getParent();
                if (parent != null) {
                    AtomicFiles.syncDirectory(parent);
                }
            }
            callback.done(doneSync);
        });
    }
}

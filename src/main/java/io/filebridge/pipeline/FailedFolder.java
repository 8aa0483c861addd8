package io.filebridge.pipeline;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.ExchangeHelper;

/**
 * Where the file consumer moves a failed input, computed the way camel-file 4.18 computes it in
 * {@code GenericFileRenameProcessStrategy.rollback}: the {@code moveFailed} expression is evaluated on a copy of the
 * exchange with the consumed file bound to it again (so a route that changed {@code CamelFile*} headers does not
 * mislead us), and the result goes through {@code GenericFile.changeFileName}, which resolves relative names
 * against the consumer's starting folder. A plain {@code moveFailed: .failed} thus means a {@code .failed} folder
 * beside the file, in every subfolder; {@code .failed/${file:name}} means one tree under the starting folder.
 */
final class FailedFolder {

    private FailedFolder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Optional<Path> failedPathOf(Exchange exchange) {
        GenericFile<Object> consumed = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        Optional<IntakeOrigin> origin = IntakeOrigin.of(exchange);
        if (origin.isEmpty() || consumed == null) {
            return Optional.empty();
        }
        Expression moveFailed = origin.get().endpoint().getMoveFailed();
        if (moveFailed == null) {
            return Optional.empty();
        }
        Exchange copy = ExchangeHelper.createCopy(exchange, true);
        consumed.bindToExchange(copy);
        String newName = moveFailed.evaluate(copy, String.class);
        GenericFile<Object> target = new GenericFile<>();
        target.copyFrom((GenericFile) consumed, target);
        target.changeFileName(newName);
        return Optional.of(Path.of(target.getAbsoluteFilePath()).toAbsolutePath().normalize());
    }
}

package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.testsupport.HotFolder;

/**
 * The outcome every vendor owes a file whose first attempts failed in a retryable way: exactly the scripted
 * attempts reached the server, exactly one of them was accepted, and the receipt and the ledger count them all.
 */
public final class DeliveredOnce {

    private DeliveredOnce() {
    }

    /** @param statuses what the server answered each attempt, in order (-1: the connection was dropped) */
    public static JsonNode afterAttempts(HotFolder folder, EmulatorServer server, String uploadPath, Ledger ledger,
            String relativePath, Integer... statuses) {
        JsonNode receipt = folder.awaitReceipt(relativePath);
        List<RecordedRequest> attempts = server.attemptsFor(uploadPath, Path.of(relativePath).getFileName().toString());

        assertThat(attempts).extracting(RecordedRequest::status).containsExactly(statuses);
        assertThat(attempts).filteredOn(r -> r.status() >= 200 && r.status() < 300).hasSize(1);
        assertThat(receipt.path("attempts").asInt()).isEqualTo(statuses.length);
        long ledgerId = receipt.path("ledgerId").asLong();
        assertThat(ledger.find(ledgerId).orElseThrow().state()).isEqualTo(FileState.COMPLETED);
        assertThat(ledger.events(ledgerId)).filteredOn(e -> e.kind().equals(Ledger.ATTEMPT))
                .hasSize(statuses.length);
        return receipt;
    }
}

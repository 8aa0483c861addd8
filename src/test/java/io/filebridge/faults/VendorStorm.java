package io.filebridge.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.ScriptedFault;

/**
 * A scripted storm for one vendor server: bursts of 5xx, 429 with {@code Retry-After}, connections dropped after the
 * request was read, and a hang (an answer that comes far too late for any client), each burst followed by normal
 * answers. Every burst is shorter than the retry budget the scenario configures, so a client that retries as it
 * promises gets every file through; no faulted request is recorded as received by the vendor.
 */
final class VendorStorm {

    private static final ScriptedFault NORMAL = new ScriptedFault.Delay(Duration.ZERO);

    private VendorStorm() {
    }

    /**
     * Queues the storm on {@code server}; {@code errorBody} makes the vendor's error body for a status. Returns the
     * faults queued (normal answers not counted).
     */
    static int queue(EmulatorServer server, IntFunction<String> errorBody, int normalsBetweenBursts) {
        List<List<ScriptedFault>> bursts = List.of(
                List.of(respond(503, errorBody), respond(503, errorBody), respond(503, errorBody)),
                List.of(tooMany(1, errorBody), tooMany(2, errorBody)),
                List.of(new ScriptedFault.DropConnection(), new ScriptedFault.DropConnection()),
                List.of(respond(500, errorBody), respond(502, errorBody), new ScriptedFault.DropConnection()),
                List.of(new ScriptedFault.Hang()),
                List.of(tooMany(1, errorBody), respond(504, errorBody), respond(503, errorBody)));
        List<ScriptedFault> script = new ArrayList<>();
        int faults = 0;
        for (List<ScriptedFault> burst : bursts) {
            script.addAll(burst);
            faults += burst.size();
            for (int i = 0; i < normalsBetweenBursts; i++) {
                script.add(NORMAL);
            }
        }
        script.forEach(server::fault);
        return faults;
    }

    private static ScriptedFault respond(int status, IntFunction<String> errorBody) {
        return new ScriptedFault.Respond(status, Map.of("Content-Type", "application/json"), errorBody.apply(status));
    }

    private static ScriptedFault tooMany(int retryAfterSeconds, IntFunction<String> errorBody) {
        return new ScriptedFault.Respond(429, Map.of("Content-Type", "application/json", "Retry-After",
                Integer.toString(retryAfterSeconds)), errorBody.apply(429));
    }
}

package io.filebridge.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers. {@code onCommit} runs only if this response is really sent (not replaced by a scripted
 * fault), just before its bytes go out, so that the test sees the effect as soon as the client sees the answer.
 */
public record EmulatorResponse(int status, Map<String, String> headers, byte[] body, Runnable onCommit) {

    public static EmulatorResponse json(int status, String json) {
        return new EmulatorResponse(status, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8), () -> { });
    }

    public EmulatorResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new EmulatorResponse(status, more, body, onCommit);
    }

    public EmulatorResponse onCommit(Runnable action) {
        return new EmulatorResponse(status, headers, body, action);
    }
}

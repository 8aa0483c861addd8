package io.filebridge.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers. {@code onCommit} runs only if this response is really sent (not replaced by a scripted
 * fault), just before its bytes go out, so that the test sees the effect as soon as the client sees the answer.
 */
public record ContractResponse(int status, Map<String, String> headers, byte[] body, Runnable onCommit) {

    public static ContractResponse json(int status, String json) {
        return new ContractResponse(status, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8), () -> { });
    }

    public ContractResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ContractResponse(status, more, body, onCommit);
    }

    public ContractResponse onCommit(Runnable action) {
        return new ContractResponse(status, headers, body, action);
    }
}

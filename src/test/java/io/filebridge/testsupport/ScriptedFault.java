package io.filebridge.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One scripted misbehaviour of a {@link ContractServer}, used up by the next request to a fault-enabled route. */
public sealed interface ScriptedFault {

    /** Answer with this instead of the normal response; the request is still checked and recorded. */
    record Respond(int status, Map<String, String> headers, byte[] body) implements ScriptedFault {

        public Respond(int status, Map<String, String> headers, String body) {
            this(status, Map.copyOf(headers), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "respond " + status;
        }
    }

    /** Read the request, then close the connection without a response, so the client sees an I/O error. */
    record DropConnection() implements ScriptedFault {

        @Override
        public String toString() {
            return "drop connection";
        }
    }

    /** Answer normally, but only after this long (to test client timeouts). */
    record Delay(Duration duration) implements ScriptedFault {

        @Override
        public String toString() {
            return "delay " + duration;
        }
    }
}

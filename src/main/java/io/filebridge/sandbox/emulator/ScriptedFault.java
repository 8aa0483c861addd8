package io.filebridge.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One scripted misbehaviour of a {@link EmulatorServer}, used up by the next request to a fault-enabled route. */
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

    /** Read the request, then never answer and keep the connection open until the server closes. */
    record Hang() implements ScriptedFault {

        @Override
        public String toString() {
            return "hang";
        }
    }

    /**
     * Answer normally (the request takes effect, e.g. an upload is stored), with the full Content-Length, but send the
     * body one byte per {@code perByte}: every read gets something, so a per-read timeout never fires.
     */
    record TrickleResponse(Duration perByte) implements ScriptedFault {

        @Override
        public String toString() {
            return "trickle response";
        }
    }

    /** Take the request line and headers, then read none of the body and never answer: the client's writes block. */
    record StopReading() implements ScriptedFault {

        @Override
        public String toString() {
            return "stop reading";
        }
    }

    /** Read the request body at most this fast (a slow link, or a server dribbling it in), then answer normally. */
    record ReadSlowly(long bytesPerSecond) implements ScriptedFault {

        public ReadSlowly {
            if (bytesPerSecond <= 0) {
                throw new IllegalArgumentException("use StopReading for a server that reads nothing");
            }
        }

        @Override
        public String toString() {
            return "read slowly (" + bytesPerSecond + " B/s)";
        }
    }
}

package io.filebridge.ops.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.filebridge.security.SecretRedactor;

/**
 * Masks configured secrets in the finished bytes of a log line, whatever built it: a plain pattern, Boot's JSON
 * formats, a stack trace, a Camel log step that prints a property. Working on the output of the appender's own
 * encoder keeps one rule for every format.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

    private final Encoder<ILoggingEvent> delegate;
    private final SecretRedactor redactor;
    private final Charset charset;

    RedactingEncoder(Encoder<ILoggingEvent> delegate, SecretRedactor redactor, Charset charset) {
        this.delegate = delegate;
        this.redactor = redactor;
        this.charset = charset;
    }

    Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(event);
        if (line == null || line.length == 0) {
            return line;
        }
        String text = new String(line, charset);
        String redacted = redactor.redact(text, RedactingEncoder::jsonEscaped);
        return redacted.equals(text) ? line : redacted.getBytes(charset);
    }

    /** A secret as a JSON log line writes it inside a string: quotes, backslashes and control characters escaped. */
    static String jsonEscaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return escaped.toString();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public boolean isStarted() {
        return delegate.isStarted();
    }
}

package io.filebridge.ops.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.filebridge.secrets.SecretRedactor;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The last net in front of every appender's own encoder, the one place that makes two promises for every log line,
 * whatever built it (a plain pattern, Boot's JSON formats, a stack trace, a Camel log step that prints a property):
 *
 * <ul>
 * <li>Configured secrets are masked, in the finished bytes, so one rule covers every format.</li>
 * <li>No text from outside (a file name may hold any character but '/' and NUL) breaks or forges a line. A plain
 * encoder is handed the event with its texts {@link OneLine}-escaped ({@link OneLineEvent}), so each event is one
 * line plus, for an exception, its stack frames. A JSON encoder already escapes control characters inside its
 * strings and keeps the event intact; the line separators U+2028/U+2029 (and C1 controls), which JSON may leave
 * raw but some readers take for line breaks, are written as {@code \}{@code uXXXX} escapes afterwards, which any
 * JSON parser reads back as the same characters. An encoder not known to write JSON is treated as plain.</li>
 * </ul>
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

    private final Encoder<ILoggingEvent> delegate;
    private final SecretRedactor redactor;
    private final Charset charset;
    private final boolean json;

    RedactingEncoder(Encoder<ILoggingEvent> delegate, SecretRedactor redactor, Charset charset) {
        this.delegate = delegate;
        this.redactor = redactor;
        this.charset = charset;
        this.json = delegate instanceof StructuredLogEncoder || delegate instanceof JsonEncoder;
    }

    Encoder<ILoggingEvent> delegate() {
        return delegate;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(json ? event : new OneLineEvent(event));
        if (line == null || line.length == 0) {
            return line;
        }
        String text = new String(line, charset);
        // a secret is masked also where the line escaped it: as a JSON string, or OneLine-escaped in a plain message
        String safe = json ? separatorsEscaped(redactor.redact(text, RedactingEncoder::jsonEscaped))
                : redactor.redact(text, OneLine::escape);
        return safe.equals(text) ? line : safe.getBytes(charset);
    }

    /**
     * Inside a JSON line these characters can only stand in a string (JSON's own syntax is ASCII), where an escape
     * means the same character; the line break that ends the line is left alone.
     */
    static String separatorsEscaped(String jsonLine) {
        StringBuilder escaped = null;
        for (int i = 0; i < jsonLine.length(); i++) {
            char c = jsonLine.charAt(i);
            boolean rewrite = c >= 0x7f && OneLine.breaksLine(c);
            if (rewrite && escaped == null) {
                escaped = new StringBuilder(jsonLine.length() + 16).append(jsonLine, 0, i);
            }
            if (escaped != null) {
                escaped.append(rewrite ? OneLine.unicodeEscape(c) : String.valueOf(c));
            }
        }
        return escaped == null ? jsonLine : escaped.toString();
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

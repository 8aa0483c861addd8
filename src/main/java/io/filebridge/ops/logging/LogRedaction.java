package io.filebridge.ops.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.filebridge.secrets.SecretRedactor;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Puts {@link RedactingEncoder} in front of every Logback appender's encoder once the configured secrets are known,
 * so no log line, plain or JSON, carries a secret (the rule of {@link SecretRedactor}, applied to logs as a last
 * net) or lets a file name break it into forged lines. Lines logged before the application context creates this
 * bean are not covered: at that point no vendor has been called and no file taken (the start banner, logged then,
 * keeps its lines).
 */
@Component
public class LogRedaction implements InitializingBean {

    private final SecretRedactor redactor;

    public LogRedaction(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void afterPropertiesSet() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // not Logback (e.g. a test binding): nothing to wrap
        }
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                    wrap(appender);
                }
            }
        }
    }

    private void wrap(OutputStreamAppender<ILoggingEvent> appender) {
        Encoder<ILoggingEvent> encoder = appender.getEncoder();
        if (encoder == null) {
            return;
        }
        if (encoder instanceof RedactingEncoder wrapped) {
            encoder = wrapped.delegate(); // a newer context's secrets replace the older ones
        }
        appender.setEncoder(new RedactingEncoder(encoder, redactor, charsetOf(appender, encoder)));
    }

    /** The charset the encoder writes: its own if it says, else the one Spring Boot configured for the appender. */
    private static Charset charsetOf(OutputStreamAppender<ILoggingEvent> appender, Encoder<ILoggingEvent> encoder) {
        if (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> layout && layout.getCharset() != null) {
            return layout.getCharset();
        }
        String configured = System.getProperty(appender instanceof ConsoleAppender ? "CONSOLE_LOG_CHARSET"
                : "FILE_LOG_CHARSET");
        try {
            return configured == null || configured.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(configured);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}

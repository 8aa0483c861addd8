package io.filebridge.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.filebridge.connector.sendcloud.SendcloudSettings;
import io.filebridge.secrets.SecretRedactor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/** Plain-text log lines, stack traces included, lose configured secrets; other text passes byte for byte. */
class RedactingEncoderTest {

    static final String SECRET = "s3cr3t-Übergröße-key";

    @Test
    void masksSecretsInMessagesAndStackTracesOfPlainLines() {
        RedactingEncoder encoder = encoder("%-5level %logger - %msg%n%ex");
        LoggingEvent event = event("calling with " + SECRET, new IllegalStateException("refused: " + SECRET));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).doesNotContain(SECRET).contains("WARN  test - calling with ***")
                .contains("IllegalStateException: refused: ***");
    }

    @Test
    void leavesLinesWithoutSecretsAsTheyWere() {
        RedactingEncoder encoder = encoder("%msg%n");

        byte[] line = encoder.encode(event("nothing to hide: Ελληνικά", null));

        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("nothing to hide: Ελληνικά\n");
    }

    @Test
    void masksSecretsThatJsonLinesWriteEscaped() {
        String awkward = "pa\"ss\\wo/rd+9";
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder json = new StructuredLogEncoder();
        json.setContext(context);
        json.setFormat("ecs");
        json.setCharset(StandardCharsets.UTF_8);
        json.start();
        SendcloudSettings settings = new SendcloudSettings();
        settings.setPublicKey("public-key");
        settings.setSecretKey(awkward);
        RedactingEncoder encoder = new RedactingEncoder(json, new SecretRedactor(List.of(settings)),
                StandardCharsets.UTF_8);
        LoggingEvent event = event("calling with " + awkward, null);

        String plainJson = new String(json.encode(event), StandardCharsets.UTF_8);
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(plainJson).as("the JSON line escapes the secret").doesNotContain(awkward);
        assertThat(line).contains("calling with ***").doesNotContain("pa\\\"ss");
    }

    private static RedactingEncoder encoder(String pattern) {
        LoggerContext context = new LoggerContext();
        PatternLayoutEncoder plain = new PatternLayoutEncoder();
        plain.setContext(context);
        plain.setPattern(pattern);
        plain.setCharset(StandardCharsets.UTF_8);
        plain.start();
        SendcloudSettings settings = new SendcloudSettings();
        settings.setPublicKey("public-key");
        settings.setSecretKey(SECRET);
        return new RedactingEncoder(plain, new SecretRedactor(List.of(settings)), StandardCharsets.UTF_8);
    }

    private static LoggingEvent event(String message, Throwable error) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        return new LoggingEvent("test", context.getLogger("test"), Level.WARN, message, error, null);
    }
}

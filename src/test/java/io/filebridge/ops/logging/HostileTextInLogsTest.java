package io.filebridge.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.sendcloud.SendcloudSettings;
import io.filebridge.secrets.SecretRedactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * File names may hold any character but '/' and NUL. Whatever they hold, a plain log event stays one line (plus its
 * stack frames) and cannot forge another, and a JSON line stays one valid object that reads back the exact name.
 */
class HostileTextInLogsTest {

    static final String FORGED = "12:00:00.000 INFO  [main] filebridge.outcome - COMPLETED pipeline=p file=\"x\"";
    /** Every kind of line breaker and terminal control a name can carry, and quotes. */
    static final String HOSTILE = "a\n" + FORGED + "\rb\r\nc\td\u001b[2K\u001b[31mred\u0000\u0007\u007f\u0085e"
            + "\u2028f\u2029g \"quoted\" back\\slash.txt";
    static final String SECRET = "tab\tin-the-secret-value";

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aPlainEventIsOneLineWithItsControlsEscaped() {
        String line = encode(plain("%-5level [%thread] %logger - %X{file} %msg%n"),
                event("COMPLETED pipeline=p file=\"{}\" vendor=v", HOSTILE, null));

        assertThat(line).endsWith("\n");
        assertOneLine(line);
        assertThat(line).startsWith("WARN  [worker] test - ")
                .contains("a\\n12:00:00.000 INFO  [main] filebridge.outcome - COMPLETED pipeline=p file=\"x\"\\rb\\r\\nc"
                        + "\\td\\u001b[2K\\u001b[31mred\\u0000\\u0007\\u007f\\u0085e\\u2028f\\u2029g \"quoted\" back\\slash.txt")
                .as("the MDC value is escaped too").containsSubsequence("a\\n12:00", "COMPLETED pipeline=p file=\"a\\n");
    }

    @Test
    void anExceptionKeepsItsFramesOnTheirOwnLinesButNotItsMessage() {
        LoggingEvent event = event("could not read {}", "in.txt",
                new IllegalStateException("cannot open " + HOSTILE, new java.io.IOException("cause: " + HOSTILE)));

        String text = encode(plain("%-5level %logger - %msg%n%ex"), event);

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("WARN  test - could not read in.txt");
        assertThat(lines.get(1)).startsWith("java.lang.IllegalStateException: cannot open a\\n12:00:00.000 INFO ")
                .contains("\\u001b[31m").doesNotContain("\u001b");
        assertThat(lines).filteredOn(l -> l.startsWith("Caused by: ")).singleElement().asString()
                .startsWith("Caused by: java.io.IOException: cause: a\\n12:00");
        assertThat(lines).as("frames keep their lines").filteredOn(l -> l.startsWith("\tat ")).hasSizeGreaterThan(2);
        assertThat(lines).noneMatch(l -> l.startsWith("12:00") || l.contains("\r") || l.contains("\u2028"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void aJsonEventIsOneValidObjectThatReadsBackTheExactName(String format) throws Exception {
        String line = encode(json(format), event("COMPLETED pipeline=p file=\"{}\" vendor=v", HOSTILE, null));

        assertOneLine(line);
        JsonNode object = json.readTree(line);
        assertThat(object.path("message").asText()).as("nothing escaped twice, nothing lost")
                .isEqualTo("COMPLETED pipeline=p file=\"" + HOSTILE + "\" vendor=v");
        assertThat(object.path("file").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void aSecretIsMaskedAlsoWhereItsControlsWereEscaped() throws Exception {
        String plainLine = encode(plain("%msg%n"), event("signed with {}", SECRET, null));
        String jsonLine = encode(json("ecs"), event("signed with {}", SECRET, null));

        assertThat(plainLine).isEqualTo("signed with ***\n");
        assertThat(json.readTree(jsonLine).path("message").asText()).isEqualTo("signed with ***");
    }

    @Test
    void ordinaryTextPassesUnchanged() {
        String text = "uploaded C:\\inbox\\Zpráva č. 1.csv – ü \"as is\"";

        assertThat(encode(plain("%msg%n"), event("{}", text, null))).isEqualTo(text + "\n");
    }

    private static void assertOneLine(String line) {
        assertThat(line.indexOf('\n')).as(line).isEqualTo(line.length() - 1);
        for (char c : line.substring(0, line.length() - 1).toCharArray()) {
            assertThat(OneLine.breaksLine(c)).as("U+%04X in %s", (int) c, line).isFalse();
        }
    }

    private static String encode(Encoder<ch.qos.logback.classic.spi.ILoggingEvent> format, LoggingEvent event) {
        SendcloudSettings settings = new SendcloudSettings();
        settings.setPublicKey("public-key");
        settings.setSecretKey(SECRET);
        RedactingEncoder encoder = new RedactingEncoder(format, new SecretRedactor(List.of(settings)),
                StandardCharsets.UTF_8);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private static PatternLayoutEncoder plain(String pattern) {
        PatternLayoutEncoder plain = new PatternLayoutEncoder();
        plain.setContext(new LoggerContext());
        plain.setPattern(pattern);
        plain.setCharset(StandardCharsets.UTF_8);
        plain.start();
        return plain;
    }

    private static StructuredLogEncoder json(String format) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder json = new StructuredLogEncoder();
        json.setContext(context);
        json.setFormat(format);
        json.setCharset(StandardCharsets.UTF_8);
        json.start();
        return json;
    }

    /** An event about the file {@code file}, as the pipelines log it: the name is an argument and in the MDC. */
    private static LoggingEvent event(String message, String file, Throwable error) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.WARN, message, error,
                new Object[] {file});
        event.setThreadName("worker");
        event.setMDCPropertyMap(Map.of("file", file));
        return event;
    }
}

package io.filebridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Component;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and spooling of S3 objects, without a server: hostile keys, both body forms, the spool file's lifetime. */
class S3IntakeTest {

    @TempDir
    Path spool;

    private static S3Intake intake(String key) {
        AWS2S3Configuration config = new AWS2S3Configuration();
        config.setBucketName("b");
        config.setPrefix("inbox/");
        var endpoint = new AWS2S3Endpoint("aws2-s3://b", new AWS2S3Component(), config);
        return new S3Intake("p", endpoint, "b", key);
    }

    @Test
    void hostileKeysBecomeRelativePathsInsideTheIntake() {
        assertThat(intake("inbox/../../etc/passwd").relativePath()).isEqualTo("etc/passwd");
        assertThat(intake("inbox/../../etc/passwd").name()).isEqualTo("passwd");
        assertThat(intake("inbox//abs/x.txt").relativePath()).isEqualTo("abs/x.txt");
        assertThat(intake("inbox/a\\..\\..\\b\u0000\u001f.txt").relativePath()).isEqualTo("a/b.txt");
        assertThat(intake("inbox/Übersicht/日本語 😀.csv").relativePath()).isEqualTo("Übersicht/日本語 😀.csv");
        assertThat(intake("inbox/..").relativePath()).isEqualTo("unnamed");
    }

    @Test
    void bothBodyFormsAreSpooledToAFileThatIsDeletedWhenTheExchangeCompletes() throws Exception {
        byte[] content = "object content ✓".getBytes(StandardCharsets.UTF_8);
        try (var context = new DefaultCamelContext()) {
            for (Object body : new Object[] {content, new ByteArrayInputStream(content)}) {
                Exchange exchange = new DefaultExchange(context);
                exchange.getIn().setBody(body);
                Path spooled = intake("inbox/x.txt").spool(exchange, spool);
                assertThat(spooled).startsWith(spool);
                assertThat(Files.readAllBytes(spooled)).isEqualTo(content);
                exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
                assertThat(spooled).doesNotExist();
            }
        }
    }
}

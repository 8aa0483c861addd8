package io.filebridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.filebridge.files.SourceFile;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The large-write file part must put on the wire exactly what HttpClient's own FileBody does: vendors parse it. */
class MultipartTest {

    @TempDir
    Path dir;

    @Test
    void sendsTheSameBytesAsHttpClientsFileBody() throws IOException {
        // longer than one write, and not a multiple of it
        byte[] content = new byte[LargeWriteFileBody.WRITE_SIZE * 2 + 12_345];
        new Random(5).nextBytes(content);
        Path path = Files.write(dir.resolve("Prüfbericht \"v2\".pdf"), content);
        SourceFile file = SourceFile.read(path, path.getFileName().toString(), path.getFileName().toString());

        HttpEntity ours = Multipart.addFile(Multipart.builder().setBoundary("b0undary"), "file", file).build();
        HttpEntity theirs = MultipartEntityBuilder.create().setMode(HttpMultipartMode.LEGACY)
                .setCharset(StandardCharsets.UTF_8).setContentType(ContentType.create("multipart/form-data"))
                .setBoundary("b0undary")
                .addBinaryBody("file", path.toFile(), ContentType.parse(file.contentType()),
                        Multipart.headerSafe(file.name()))
                .build();

        byte[] sent = bytesOf(ours);
        assertThat(sent).isEqualTo(bytesOf(theirs));
        assertThat(ours.getContentLength()).isEqualTo(sent.length);
        assertThat(ours.isChunked()).isFalse();
        assertThat(ours.isRepeatable()).isTrue();
        assertThat(bytesOf(ours)).as("written again for a retry").isEqualTo(sent);
        assertThat(new String(sent, 0, 200, StandardCharsets.UTF_8))
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"Prüfbericht _v2_.pdf\"");
    }

    @Test
    void sendsAnEmptyFile() throws IOException {
        Path path = Files.write(dir.resolve("empty.txt"), new byte[0]);
        SourceFile file = SourceFile.read(path, "empty.txt", "empty.txt");
        HttpEntity entity = Multipart.addFile(Multipart.builder(), "file", file).build();
        assertThat(bytesOf(entity)).hasSize((int) entity.getContentLength());
    }

    private static byte[] bytesOf(HttpEntity entity) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entity.writeTo(out);
        return out.toByteArray();
    }
}

package io.filebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aMoveNeverReplacesWhatIsThereAndPicksTheNextFreeName() throws IOException {
        Path archive = Files.createDirectories(dir.resolve(".done"));
        Files.writeString(archive.resolve("scan.pdf"), "first");
        Files.writeString(archive.resolve("scan (2).pdf"), "second");
        Path third = Files.writeString(dir.resolve("scan.pdf"), "third");

        Path moved = AtomicFiles.moveWithoutReplacing(third, archive.resolve("scan.pdf"));

        assertThat(moved).isEqualTo(archive.resolve("scan (3).pdf"));
        assertThat(Files.readString(archive.resolve("scan.pdf"))).isEqualTo("first");
        assertThat(Files.readString(archive.resolve("scan (2).pdf"))).isEqualTo("second");
        assertThat(Files.readString(moved)).isEqualTo("third");
        assertThat(third).doesNotExist();
        Path noExtension = Files.writeString(dir.resolve("README"), "x");
        Files.writeString(archive.resolve("README"), "y");
        assertThat(AtomicFiles.moveWithoutReplacing(noExtension, archive.resolve("README")))
                .isEqualTo(archive.resolve("README (2)"));
    }

    @Test
    void aMoveAStopInterruptedBetweenLinkAndUnlinkIsFinishedNotDuplicated() throws IOException {
        Path archive = Files.createDirectories(dir.resolve(".done"));
        Path input = Files.writeString(dir.resolve("report.csv"), "numbers");
        Files.createLink(archive.resolve("report.csv"), input); // what the stop left: the file under both names

        Path moved = AtomicFiles.moveWithoutReplacing(input, archive.resolve("report.csv"));

        assertThat(moved).isEqualTo(archive.resolve("report.csv"));
        assertThat(input).doesNotExist();
        try (var left = Files.list(archive)) {
            assertThat(left).containsExactly(archive.resolve("report.csv"));
        }
    }

    @Test
    void aWriteLeavesTheWholeFileUnderItsNameAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out/receipt.json");
        Files.createDirectories(target.getParent());
        Files.writeString(target.resolveSibling(".receipt.json.tmp"), "left by a stop");

        AtomicFiles.write(target, "{\"ok\":true}".getBytes());
        AtomicFiles.write(target, "{\"ok\":2}".getBytes());

        assertThat(Files.readString(target)).isEqualTo("{\"ok\":2}");
        try (var left = Files.list(target.getParent())) {
            assertThat(left).containsExactly(target);
        }
    }
}

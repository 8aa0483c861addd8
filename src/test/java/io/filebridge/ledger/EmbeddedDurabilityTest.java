package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Every commit of the embedded H2 ledger survives the process dying right after it returns: a child process commits
 * rows and halts at once (as SIGKILL leaves it), and every row is in the file afterwards. With H2's default write
 * delay the last commits are usually gone, which is how a killed filebridge used to forget files it had archived.
 */
class EmbeddedDurabilityTest {

    @Test
    void everyCommitSurvivesAProcessThatDiesRightAfterIt() throws Exception {
        String url = "jdbc:h2:file:" + Path.of("target", "test-work", "durability-" + UUID.randomUUID(), "ledger")
                .toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

        String printed = runChild(url, 200, true);

        assertThat(printed).contains("committed 200");
        assertThat(countRows(url)).isEqualTo(200);

        // the same without EmbeddedDurability, for the record (not asserted: it depends on where H2's background
        // writer stood when the process died)
        String control = url.replace("durability-", "durability-control-");
        runChild(control, 200, false);
        System.out.println("H2 with its default write delay kept " + countRows(control) + " of 200 commits");
    }

    private static String runChild(String url, int rows, boolean durable) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url, String.valueOf(rows),
                String.valueOf(durable)).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child process ends").isTrue();
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int countRows(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement query = connection.createStatement()) {
            try (ResultSet exists = query.executeQuery("select count(*) from information_schema.tables where"
                    + " table_name = 'committed'")) {
                exists.next();
                if (exists.getInt(1) == 0) {
                    return 0;
                }
            }
            try (ResultSet count = query.executeQuery("select count(*) from committed")) {
                count.next();
                return count.getInt(1);
            }
        }
    }
}

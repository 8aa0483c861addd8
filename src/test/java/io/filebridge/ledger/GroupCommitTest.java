package io.filebridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes that share commits still each end as if alone: committed when the caller returns, and a failing write fails
 * only its own caller (the batch it was in is replayed write by write).
 */
class GroupCommitTest {

    private final HikariDataSource dataSource = LedgerContractTest.pool("jdbc:h2:mem:" + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final GroupCommit group = new GroupCommit(new TransactionTemplate(
            new DataSourceTransactionManager(dataSource)), () -> true);
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    GroupCommitTest() {
        jdbc.execute("create table t (id int primary key)");
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        dataSource.close();
    }

    @Test
    void everyWriteIsCommittedWhenItsCallerReturnsAndAFailingOneFailsOnlyItsCaller() throws Exception {
        jdbc.update("insert into t (id) values (13)"); // write 13 will collide with it
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int id = i;
            results.add(threads.submit(() -> {
                start.await();
                int written = group.run(() -> jdbc.update("insert into t (id) values (?)", id));
                // committed: another connection sees it at once
                return new JdbcTemplate(dataSource).queryForObject("select count(*) from t where id = ?",
                        Integer.class, id) * written;
            }));
        }
        start.countDown();

        for (int i = 0; i < results.size(); i++) {
            Future<Integer> result = results.get(i);
            if (i == 13) {
                assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
                        DuplicateKeyException.class);
            } else {
                assertThat(result.get(30, TimeUnit.SECONDS)).as("write %d", i).isEqualTo(1);
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isEqualTo(200);
    }

    @Test
    void anInterruptedCallerStillLearnsThatItsWriteWasCommitted() throws Exception {
        Future<Boolean> caller = threads.submit(() -> {
            Thread.currentThread().interrupt();
            group.run(() -> jdbc.update("insert into t (id) values (1)"));
            return Thread.currentThread().isInterrupted();
        });

        assertThat(caller.get(30, TimeUnit.SECONDS)).as("the interrupt is kept for the caller").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isEqualTo(1);
    }
}

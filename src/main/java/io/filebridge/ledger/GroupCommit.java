package io.filebridge.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the writes on every file's path (pickup, upload start, completion): writes that threads ask for
 * while a commit is under way are run together in the next transaction, so a busy pipeline pays one commit for many
 * files. Every caller still returns only once its own write is committed (a kill after that loses nothing), and gets
 * its own result or exception: a batch that fails is rolled back and each of its writes is run again alone.
 *
 * <p>Why by hand: a commit is the expensive part of an embedded H2 ledger write (H2 serialises a new chunk of its
 * file), and neither H2, JDBC, Spring nor the pools batch the commits of independent transactions. The writes run on
 * one committer thread, in the order they were asked for (so two batches never hold content stripes in opposite
 * orders); a write must not ask for another grouped write.
 *
 * <p>PostgreSQL groups the log flushes of concurrent commits itself, and each statement is a round trip: there the
 * writes run in the callers' own threads and transactions ({@link #grouping} false), which measured faster
 * (LedgerCommitBenchmark, 4 threads: 655 files/s in parallel against 418 through one committer).
 */
final class GroupCommit {

    /** Enough to amortise a commit; small enough that one batch's work stays short. */
    static final int MAX_BATCH = 32;

    private final TransactionTemplate tx;
    private final BooleanSupplier grouping;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private Thread committer;

    /** @param grouping whether writes share commits (asked once per write; the answer may be cached by the caller) */
    GroupCommit(TransactionTemplate tx, BooleanSupplier grouping) {
        this.tx = tx;
        this.grouping = grouping;
    }

    /** Runs {@code write} in a transaction, perhaps shared with other threads' writes, and returns once committed. */
    <T> T run(Supplier<T> write) {
        if (!grouping.getAsBoolean()) {
            return tx.execute(status -> write.get());
        }
        Pending<T> pending = new Pending<>(write);
        ensureCommitter();
        queue.add(pending);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.result.get();
                } catch (InterruptedException e) {
                    // the write is queued and will be committed or not: the caller must learn which, so wait on
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void ensureCommitter() {
        if (committer == null) {
            committer = new Thread(this::commitLoop, "ledger-committer");
            committer.setDaemon(true); // idle, it only waits; nothing is pending when the application stops
            committer.start();
        }
    }

    private void commitLoop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending<?>> batch) {
        try {
            tx.executeWithoutResult(status -> batch.forEach(Pending::run));
            batch.forEach(Pending::committed);
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).failed(e);
                return;
            }
            for (Pending<?> alone : batch) { // rolled back: each write alone, so only its own failure reaches a caller
                commit(List.of(alone));
            }
        }
    }

    /** One caller's write and, once committed, its result. */
    private static final class Pending<T> {
        private final Supplier<T> write;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;

        Pending(Supplier<T> write) {
            this.write = write;
        }

        void run() {
            value = write.get();
        }

        void committed() {
            result.complete(value);
        }

        void failed(Throwable failure) {
            result.completeExceptionally(failure);
        }
    }
}

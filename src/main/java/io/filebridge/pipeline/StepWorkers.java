package io.filebridge.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads that run filebridge's steps (an upload, a translation submit) and the rest of their route (the receipt,
 * the archive move), one pool per vendor, shared by every pipeline of that vendor.
 *
 * <p>A vendor's {@code concurrency} limits its requests in flight ({@code VendorCaller}); its workers are
 * {@link #WORKERS_PER_REQUEST} times as many, so that files whose request is done are recorded, written and archived
 * (each a few disk flushes of ~20 ms) while as many others are at the vendor. With as many workers as requests, the
 * flushes left the vendor idle and bounded a pipeline to about 100 small files per second.
 *
 * <p>An intake hands each file over and goes on with the next one; when every worker is busy and as many files again
 * wait for one, the handover blocks until a worker is free. That is the back-pressure: at most twice as many
 * taken files as workers per vendor are held in memory, and the intake's thread never does a step's work itself
 * (with Camel's {@code threads} and caller-runs, it used to upload while finished workers sat idle). Camel's thread
 * pools reject or run in the caller when full; none blocks, which is why this handover is written here.
 */
@Component
public class StepWorkers implements DisposableBean {

    private final Map<String, Workers> pools = new ConcurrentHashMap<>();

    static final int WORKERS_PER_REQUEST = 4;

    /** The workers named {@code name} (e.g. "sendcloud-upload") of a vendor with {@code concurrency} requests. */
    public Executor of(String name, int concurrency) {
        return pools.computeIfAbsent(name, n -> new Workers(n, Math.max(1, concurrency) * WORKERS_PER_REQUEST));
    }

    @Override
    public void destroy() throws InterruptedException {
        for (Workers workers : pools.values()) {
            workers.pool.shutdown();
        }
        for (Workers workers : pools.values()) {
            workers.pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** A fixed pool whose handover waits for room instead of queueing without bound. */
    private static final class Workers implements Executor {
        private final ExecutorService pool;
        private final Semaphore room;

        Workers(String name, int threads) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = task -> {
                Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            this.pool = Executors.newFixedThreadPool(threads, factory);
            this.room = new Semaphore(2 * threads);
        }

        @Override
        public void execute(Runnable task) {
            try {
                room.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting for a free worker", e);
            }
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        room.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                room.release();
                throw e;
            }
        }
    }
}

/**
 * Scheduled batch syncs: every run (scheduled poll) of a cron-scheduled pipeline leaves one summary, in the log
 * ({@code filebridge.batch}) and in the ledger ({@code fb_batch}). Applied by {@link io.filebridge.batch.BatchSummaries}
 * to every route whose consumer has {@code scheduler: quartz} (or {@code spring}); nothing to add to a route.
 */
package io.filebridge.batch;

package io.filebridge.ops.api;

import java.util.List;

/** GET /api/jobs: one page of jobs, newest received first, and how many match in all. */
public record JobPage(List<JobView> items, int page, int size, long total) {
}

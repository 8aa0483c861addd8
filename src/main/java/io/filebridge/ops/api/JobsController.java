package io.filebridge.ops.api;

import io.filebridge.ledger.Ledger;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/jobs (filters, paging), GET /api/jobs/{id} (timeline, outputs), POST /api/jobs/{id}/retry,
 * POST /api/jobs/{id}/dismiss.
 */
@RestController
@RequestMapping("/api/jobs")
class JobsController {

    private final Jobs jobs;
    private final JobRetry retry;
    private final Ledger ledger;

    JobsController(Jobs jobs, JobRetry retry, Ledger ledger) {
        this.jobs = jobs;
        this.retry = retry;
        this.ledger = ledger;
    }

    /** Parameters arrive as text so that a bad one gets the contract's clear 400, not a framework message. */
    @GetMapping
    JobPage search(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String state,
            @RequestParam(required = false) String q, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        return jobs.search(JobFilter.parse(pipeline, state, q, from, to, page, size));
    }

    @GetMapping("/{id}")
    JobDetail get(@PathVariable long id) {
        return jobs.detail(id);
    }

    @PostMapping("/{id}/retry")
    ResponseEntity<JobView> retry(@PathVariable long id, HttpServletRequest request) {
        retry.retry(id, PipelinesController.Operator.of(request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.get(id));
    }

    /**
     * An operator acknowledges a FAILED or INTERRUPTED job that nobody will retry: it becomes DISMISSED, leaves the
     * failed list and the alerts, and can still be retried later. {@code note}: why, for the timeline.
     */
    @PostMapping("/{id}/dismiss")
    JobView dismiss(@PathVariable long id, @RequestParam(required = false) String note, HttpServletRequest request) {
        JobView job = jobs.get(id);
        if (!ledger.markDismissed(id, PipelinesController.Operator.of(request), note)) {
            throw ApiException.conflict("job " + id + " is " + job.state() + "; only FAILED or INTERRUPTED jobs can"
                    + " be dismissed");
        }
        return jobs.get(id);
    }
}

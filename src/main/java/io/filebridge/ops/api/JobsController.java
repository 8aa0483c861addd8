package io.filebridge.ops.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/jobs (filters, paging), GET /api/jobs/{id} (timeline, outputs), POST /api/jobs/{id}/retry. */
@RestController
@RequestMapping("/api/jobs")
class JobsController {

    private final Jobs jobs;
    private final JobRetry retry;

    JobsController(Jobs jobs, JobRetry retry) {
        this.jobs = jobs;
        this.retry = retry;
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
}

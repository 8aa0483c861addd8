package io.filebridge.ops.api;

import java.util.List;

import io.filebridge.ledger.JobLedger;
import org.springframework.stereotype.Service;

/** Reads jobs for the API: pages of jobs, and one job with its timeline and outputs. */
@Service
class Jobs {

    private final JobQueries queries;
    private final JobLedger translations;

    Jobs(JobQueries queries, JobLedger translations) {
        this.queries = queries;
        this.translations = translations;
    }

    JobPage search(JobFilter filter) {
        return queries.search(filter);
    }

    JobView get(long id) {
        return queries.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
    }

    JobDetail detail(long id) {
        JobView job = get(id);
        List<JobDetail.Output> outputs = translations.outputs(id).stream()
                .map(o -> new JobDetail.Output(o.targetLang(), o.actionType(), o.state().name(), o.outputPath(),
                        o.error()))
                .toList();
        return new JobDetail(job, queries.timeline(id), outputs);
    }
}

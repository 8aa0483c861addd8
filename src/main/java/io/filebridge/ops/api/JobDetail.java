package io.filebridge.ops.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** GET /api/jobs/{id}: the job's fields plus its timeline (oldest first) and, for translations, its outputs. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobDetail(@JsonUnwrapped JobView job, List<Step> timeline, List<Output> outputs) {

    /** One fb_event row. */
    public record Step(Instant at, String kind, Integer httpStatus, String detail) {
    }

    /** One fb_output row of a translation job; {@code actionType} says which kind of output it is. */
    public record Output(String language, String actionType, String state, String location, String error) {
    }
}

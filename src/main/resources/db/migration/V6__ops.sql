-- Operations (the /api jobs and pipelines API). Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.

-- Where a failed input's copy went when its exchange failed: an absolute path (hot folder, <inbox>/.failed/<rel>)
-- or s3://<bucket>/<key> (S3 intake, the failed prefix). A retry moves exactly this copy back into the intake, so
-- it never has to guess a route's moveFailed expression again. Null: no copy known (rows from before V6, rejected
-- files, interrupted ones).
alter table fb_file add column failed_copy varchar(2000);

-- A retried file is picked up again by the same pipeline, from the same relative path, with the same content:
-- Ledger.receive() finds its RETRYING row by these three and continues it instead of inserting a new row. The index
-- leaves relative_path out (up to 2000 characters is too wide for a PostgreSQL btree entry); RETRYING rows are few.
-- It also serves the per-pipeline counts of GET /api/pipelines.
create index fb_file_pipeline_state_idx on fb_file (pipeline, state);

-- Pipelines an operator paused (POST /api/pipelines/{id}/pause). A paused pipeline is not started at the next
-- start either, until it is resumed. One row per paused route id; resuming deletes the row.
create table fb_paused_pipeline (
    pipeline   varchar(200) not null,
    paused_at  timestamp with time zone not null,
    paused_by  varchar(200),
    constraint fb_paused_pipeline_pk primary key (pipeline)
);

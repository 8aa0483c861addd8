-- Crash recovery and a ledger that says what still needs a person (issue 11). Runs unchanged on H2 (MODE=PostgreSQL)
-- and PostgreSQL. docs/promises.md describes the order of durable effects these columns serve.

-- How many times an upload (or translation submission) of this row was started again because a stop interrupted an
-- earlier one whose outcome is unknown: the vendor may hold that many extra copies. No vendor offers idempotency
-- keys, so this is the honest record of what a crash cost.
alter table fb_file add column reuploads int default 0 not null;

-- The state a row was in when the startup sweep found it left behind by a stop (RECEIVED or UPLOADING), so the run
-- that resumes it knows whether the vendor may already hold a copy.
alter table fb_file add column interrupted_from varchar(20);

-- The input as the hot folder had it when it was taken: file key (device, inode) and modification time.
-- A file still in the inbox with the same identity as a row the vendor already has was left there by a stop
-- between the upload and the archive move: it is finished (receipt written again, archived), not uploaded again.
-- A copy dropped again later has a new identity and is a duplicate as before. Null: S3 intake, or unknown.
alter table fb_file add column source_key varchar(300);

-- Which stage failed for a FAILED row: INPUT (refused before anything was sent: empty, a link, a special file, an
-- unusable name), VENDOR (the vendor refused it, or it could not be sent) or DELIVERY (the vendor has the file, with
-- vendor_id, but its receipt or an output could not be written). A retry of a DELIVERY failure redoes only the
-- delivery. Null: rows from before V8.
alter table fb_file add column failed_stage varchar(20);

-- An operator dismissed the row (DISMISSED): a failure nobody will retry no longer shows as needing a person.
alter table fb_file add column dismissed_by varchar(200);

-- A refused input (a link, a FIFO, a name the JVM cannot read) is recorded without reading its content.
alter table fb_file alter column sha256 drop not null;

-- A translated output Phrase has but filebridge could not write to its target (disk full, a name too long): how
-- often in a row, and, once given up, that the failure was the delivery, so a retry fetches it again from the same
-- job instead of ordering a new translation.
alter table fb_output add column delivery_failures int default 0 not null;
alter table fb_output add column failed_stage varchar(20);

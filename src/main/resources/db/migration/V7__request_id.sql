-- The request id filebridge generates per upload (Phrase Connectors gets it as X-ActionId, Phrase's log correlation
-- id). Set when the upload starts, so it is there for a failed file too: a support case quotes it whichever way the
-- upload ended. A retry starts a new upload and gets a new id. Null: no upload started yet, a translation, or a row
-- from before V7. Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
alter table fb_file add column request_id varchar(100);

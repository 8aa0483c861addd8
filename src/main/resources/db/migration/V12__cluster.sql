-- Several instances on one ledger (issue 14). Replaces the inbox lease of V9: instead of one instance consuming an
-- inbox and the others waiting, every instance consumes it and each file is claimed by exactly one of them.
-- Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
drop table fb_inbox_lease;

-- The instances on this ledger: one row per running process (a run; run_id is new at every start, so a restarted
-- instance is never mistaken for the one before it). Each renews heartbeat_at every third of
-- filebridge.cluster.instance-ttl and deletes its row when it stops gracefully. A row whose heartbeat is older than
-- the ttl (or, on the same host, whose process is gone) is a dead instance: the others take over its file claims and
-- mark the files it left in flight INTERRUPTED. host, pid_scope (Linux boot id and pid namespace), pid and
-- process_start let a process on the same host see at once that another is gone (kill -9).
create table fb_instance (
    run_id        varchar(36)   not null,
    instance_id   varchar(200)  not null,
    host          varchar(255)  not null,
    pid_scope     varchar(200),
    pid           bigint        not null,
    -- null where the operating system does not say
    process_start timestamp with time zone,
    joined_at     timestamp with time zone not null,
    heartbeat_at  timestamp with time zone not null,
    constraint fb_instance_pk primary key (run_id)
);

-- Which instance holds which hot-folder file. claim_key is the SHA-256 of the inbox's identity (the marker file
-- .filebridge-inbox, the same on every host that mounts the folder) and the file's path in it, so the key fits an
-- index whatever the path's length. A claim is inserted once a file is stable, before anything else happens to it,
-- and deleted after its archive or failed move; it is held as long as its run's heartbeat is fresh, so there is no
-- per-file renewal during a long upload.
create table fb_file_claim (
    claim_key     char(64)      not null,
    inbox_id      varchar(100)  not null,
    relative_path varchar(2000) not null,
    pipeline      varchar(200)  not null,
    run_id        varchar(36)   not null,
    claimed_at    timestamp with time zone not null,
    constraint fb_file_claim_pk primary key (claim_key)
);

-- a run's claims: released together when it stops, taken over or dropped when it is dead
create index fb_file_claim_run_idx on fb_file_claim (run_id);

-- Inbox leases: one hot folder, one consumer. A file: pipeline consumes its inbox only while its process holds the
-- inbox's row here; a second process (or a second pipeline) pointed at the same inbox is refused until the holder
-- stops or dies. Java class io.filebridge.intake.InboxLeases writes it, each write one auto-commit statement.
--
-- inbox_id names the folder, not the path: "marker:<uuid>" from the hidden file .filebridge-inbox in the folder (the
-- same on every host that mounts it, at whatever path), or "path:<sha-256 of host and real path>" where no marker
-- can be kept. run_id is new at every start of a process, so a restarted instance with the same instance_id is not
-- mistaken for the holder that ran before it. host, pid_scope (Linux boot id and pid namespace), pid and
-- process_start let a process on the same host see at once that a holder's process is gone (kill -9) instead of
-- waiting for its heartbeat to age. Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.

create table fb_inbox_lease (
    inbox_id      varchar(100)  not null,
    instance_id   varchar(200)  not null,
    run_id        varchar(36)   not null,
    host          varchar(255)  not null,
    pid_scope     varchar(200),
    pid           bigint        not null,
    -- null where the operating system does not say
    process_start timestamp with time zone,
    pipeline      varchar(200)  not null,
    -- the inbox as the holder sees it, for the operator
    inbox_path    varchar(2000) not null,
    acquired_at   timestamp with time zone not null,
    heartbeat_at  timestamp with time zone not null,
    constraint fb_inbox_lease_pk primary key (inbox_id)
);

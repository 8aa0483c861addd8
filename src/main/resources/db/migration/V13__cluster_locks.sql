-- Work that must happen once per cluster (issue 14): a cron pipeline's run fires on every instance, and only the one
-- that takes the pipeline's lock here runs it. The table is ShedLock's (net.javacrumbs.shedlock, JDBC provider, with
-- the database's clock), under filebridge's name: ShedLock's default column names and types. Runs unchanged on H2
-- (MODE=PostgreSQL) and PostgreSQL.
create table fb_cluster_lock (
    name       varchar(255) not null,
    lock_until timestamp(3) not null,
    locked_at  timestamp(3) not null,
    locked_by  varchar(255) not null,
    constraint fb_cluster_lock_pk primary key (name)
);

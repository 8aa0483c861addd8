-- Vendor request budgets shared by every instance on this ledger (issue 14). A vendor request takes a permit here
-- before it is sent, so a credential's requests per window hold across the cluster, not per instance. The takers of
-- one credential queue on its fb_rate_limit row (select ... for update); each permit is a row, stamped with the
-- taking instance's clock once it holds the lock, and deleted once it is older than the window.
create table fb_rate_limit (
    credential varchar(128) primary key
);

create table fb_rate_permit (
    credential varchar(128) not null,
    taken_at timestamp with time zone not null,
    instance_id varchar(200) not null
);

create index fb_rate_permit_credential_taken on fb_rate_permit (credential, taken_at);

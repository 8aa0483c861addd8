-- Vendor callbacks (webhooks): a file row may carry the token of its callback URL
-- ({public-url}/callbacks/{vendor}/{token}). Only the token's SHA-256 (lower-case hex) is kept, so the ledger alone
-- (a backup, a support dump) does not hand out working callback URLs. Runs unchanged on H2 and PostgreSQL.

alter table fb_file add column callback_token_sha256 char(64);

-- one row per token; rows without a callback (null) are not counted against each other on either database
create unique index fb_file_callback_token_idx on fb_file (callback_token_sha256);

-- 0007-privacy.sql: commenters' addresses and user agents are kept whole
-- for `ip_days' (setting), then cut to their network and dropped
-- (db_privacy.c, run by quire serve's keeper and `quire comments prune').
--
-- addr_cut: 0 while the row still holds what it came with (the whole
-- address, the user agent, the limit key author_net), 1 once cut or
-- erased. The partial index holds only the rows still to cut, so each
-- pass finds its batch of the oldest at once, however many comments
-- were cut before.
ALTER TABLE comments ADD COLUMN addr_cut INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comments_uncut ON comments(created) WHERE addr_cut = 0;

-- A person's comments by email, as they typed it in any case and with
-- any spaces around it (`quire comments export|erase', /admin/privacy).
CREATE INDEX comments_email_nocase ON comments(trim(author_email)
    COLLATE NOCASE);

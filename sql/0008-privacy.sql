-- 0008-privacy.sql: commenters' addresses and user agents are kept whole
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

-- Cutting addresses changes nothing a reader sees: it must not move the
-- change clock (0002-site-state.sql), which would empty every cached
-- page and page file each time the keeper cuts a comment. The clock
-- moves for the columns a page can show; a new visible column of
-- comments must be added here.
DROP TRIGGER comments_changed_u;
CREATE TRIGGER comments_changed_u AFTER UPDATE OF post_id, parent_id, depth,
    path, type, status, author_name, author_email, author_url, user_id,
    created, body_md, body_html ON comments
BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;

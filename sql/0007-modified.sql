-- 0007-modified.sql: when the change clock last moved, in real time.
--
-- site_state.changed runs ahead of the wall clock after a burst of
-- changes (each change moves it to max(changed + 1, now), so that every
-- state has its own value). A page's Last-Modified must be neither later
-- than now (RFC 9110) nor different from one second to the next while
-- nothing changes: site.c makes it min(changed, changed_at + 1) from the
-- wall time of the last move kept here (see site.h, `modified').
ALTER TABLE site_state ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE site_state SET changed_at = min(changed, unixepoch());
CREATE TRIGGER site_state_changed_at AFTER UPDATE OF changed ON site_state
BEGIN
	UPDATE site_state SET changed_at = unixepoch() WHERE id = 1;
END;

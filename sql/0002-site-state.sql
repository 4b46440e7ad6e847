-- 0002-site-state.sql: one clock that moves whenever anything a reader
-- can see changes, for Last-Modified. Triggers keep it, so no code path
-- can forget to.
CREATE TABLE site_state (
	id	INTEGER PRIMARY KEY CHECK (id = 1),
	changed	INTEGER NOT NULL
);
INSERT INTO site_state (id, changed) VALUES (1, unixepoch());

CREATE TRIGGER posts_changed_i AFTER INSERT ON posts BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER posts_changed_u AFTER UPDATE ON posts BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER posts_changed_d AFTER DELETE ON posts BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER comments_changed_i AFTER INSERT ON comments BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER comments_changed_u AFTER UPDATE ON comments BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER comments_changed_d AFTER DELETE ON comments BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER tags_changed_i AFTER INSERT ON tags BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER tags_changed_u AFTER UPDATE ON tags BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER tags_changed_d AFTER DELETE ON tags BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER users_changed_u AFTER UPDATE ON users BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER settings_changed_i AFTER INSERT ON settings BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER settings_changed_u AFTER UPDATE ON settings BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;

-- 0015-appearance.sql: the look an admin arranges at /admin/appearance
-- (DESIGN.md, "Languages and look"): the menu, the sidebar's blocks, the
-- front page, the site icon and logo, and extra CSS. Each table moves
-- the change clock as every table a reader sees does (0002), so cached
-- pages and page files are made anew after any change.

-- The menu, in `position' order. kind: 'home' (the front page), 'page'
-- (target: a page's id), 'tag' (a tag's id), 'archive' ("YYYY" or
-- "YYYY/MM"), 'link' (an http(s) address). No rows: the default menu
-- (Home, every page, Tags).
CREATE TABLE menu_items (
	id		INTEGER PRIMARY KEY,
	position	INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN
			('home', 'page', 'tag', 'archive', 'link')),
	target		TEXT NOT NULL DEFAULT '',
	label		TEXT NOT NULL CHECK (label <> '')
);

-- The sidebar's blocks, one row each, shown in `position' order when on.
-- The text block's Markdown is rendered (cmark, safe) when saved.
CREATE TABLE sidebar_blocks (
	kind		TEXT PRIMARY KEY CHECK (kind IN ('search',
			'recent_posts', 'recent_comments', 'tags', 'archives',
			'text')),
	position	INTEGER NOT NULL,
	enabled		INTEGER NOT NULL DEFAULT 1,
	title		TEXT NOT NULL DEFAULT '',
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT NOT NULL DEFAULT ''
);
INSERT INTO sidebar_blocks (kind, position, enabled) VALUES
	('search', 1, 1), ('recent_posts', 2, 1), ('recent_comments', 3, 0),
	('tags', 4, 1), ('archives', 5, 0), ('text', 6, 0);

-- One row: the front page (NULL: the latest posts; else a page, and the
-- posts at /blog/), the site icon and logo (photos), the extra CSS and
-- a hash of it for its URL (/custom.css?v=HASH).
CREATE TABLE appearance (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	front_page	INTEGER REFERENCES posts(id) ON DELETE SET NULL,
	icon_id		INTEGER REFERENCES media(id) ON DELETE SET NULL,
	logo_id		INTEGER REFERENCES media(id) ON DELETE SET NULL,
	css		TEXT NOT NULL DEFAULT '',
	css_hash	TEXT NOT NULL DEFAULT ''
);
INSERT INTO appearance (id) VALUES (1);
-- Deleting a post or a photo looks here for rows to set NULL.
CREATE INDEX appearance_front_page ON appearance(front_page);
CREATE INDEX appearance_icon ON appearance(icon_id);
CREATE INDEX appearance_logo ON appearance(logo_id);

CREATE TRIGGER menu_items_changed_i AFTER INSERT ON menu_items BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER menu_items_changed_u AFTER UPDATE ON menu_items BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER menu_items_changed_d AFTER DELETE ON menu_items BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER sidebar_blocks_changed_u AFTER UPDATE ON sidebar_blocks BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;
CREATE TRIGGER appearance_changed_u AFTER UPDATE ON appearance BEGIN
	UPDATE site_state SET changed = max(changed + 1, unixepoch());
END;

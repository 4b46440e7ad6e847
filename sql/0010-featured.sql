-- 0010-featured.sql: a post's featured image (DESIGN.md, "Photos"):
-- chosen in the editor (field `featured`); when NULL, the post's first
-- photo stands in. A photo deleted: the post has none chosen again.
ALTER TABLE posts ADD COLUMN featured_id INTEGER
	REFERENCES media(id) ON DELETE SET NULL;
-- A photo deleted sets its posts' featured_id to NULL: found by index.
CREATE INDEX posts_featured ON posts(featured_id)
	WHERE featured_id IS NOT NULL;

-- 0011-wp-uploads.sql: what `quire import --format wxr --uploads DIR`
-- brings from a WordPress site's wp-content/uploads (DESIGN.md, "Photos").
--
-- Files that are not photos (a PDF, an MP3, a video): kept as they came,
-- under the media directory as "ab/ab12..(20 hex)/NAME", served with a
-- Content-Type from a short list (anything else as a download). Photos
-- go through media.c and live in `media'. state as media's: 'pending'
-- while the file is moved into place (removed with its file after a
-- crash), 'ready' after.
CREATE TABLE files (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	hash		TEXT NOT NULL UNIQUE,	-- SHA-256 of the bytes, hex
	name		TEXT NOT NULL UNIQUE,	-- under the media dir and /media/
	type		TEXT NOT NULL,		-- the Content-Type served
	bytes		INTEGER NOT NULL,
	created		INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'ready'
			CHECK (state IN ('pending', 'ready'))
);

-- Every WordPress attachment imported: its photo (or file), or neither
-- while its file is missing from DIR, and what quire keeps of it beyond
-- the photo's alt text and caption.
-- wp_id and wp_parent are the export's own numbers (wp-image-N classes,
-- [gallery ids=...], _thumbnail_id), scoped by site (the export's
-- wp:base_site_url) so two blogs imported into one keep apart.
CREATE TABLE wp_attachments (
	id		INTEGER PRIMARY KEY,
	import_key	TEXT NOT NULL UNIQUE,	-- "wxr:GUID", as posts'
	site		TEXT NOT NULL,
	wp_id		TEXT NOT NULL,
	wp_parent	TEXT NOT NULL DEFAULT '',
	menu_order	INTEGER NOT NULL DEFAULT 0,
	media_id	INTEGER REFERENCES media(id) ON DELETE CASCADE,
	file_id		INTEGER REFERENCES files(id) ON DELETE CASCADE,
	post_id		INTEGER REFERENCES posts(id) ON DELETE SET NULL,
	path		TEXT NOT NULL,		-- "2019/05/x.jpg" in DIR
	page		TEXT NOT NULL DEFAULT '', -- its old attachment page's path
	title		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	created		INTEGER NOT NULL	-- neither media_id nor file_id:
					-- its file was missing (tried again)
);
CREATE INDEX wp_attachments_wp_id ON wp_attachments(site, wp_id);
CREATE INDEX wp_attachments_parent ON wp_attachments(site, wp_parent);
CREATE INDEX wp_attachments_page ON wp_attachments(page);
CREATE INDEX wp_attachments_media ON wp_attachments(media_id);
CREATE INDEX wp_attachments_file ON wp_attachments(file_id);
CREATE INDEX wp_attachments_post ON wp_attachments(post_id);

-- The old upload paths (after /wp-content/uploads/, decoded) of each
-- attachment: its file's, and the original's when that was a -scaled
-- copy. /wp-content/uploads/PATH answers 301 to the photo, and a size
-- variant (-300x200, -scaled, -e1234567890 ...) is found by its
-- original's path (wxr_media.c, wxr_upload_strip).
CREATE TABLE wp_uploads (
	path		TEXT PRIMARY KEY,
	attachment_id	INTEGER NOT NULL REFERENCES wp_attachments(id)
			ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX wp_uploads_attachment ON wp_uploads(attachment_id);

-- A photo deleted sets posts.featured_id (0010) to NULL: found by index,
-- not by reading every post (tests/unit/test_plan).
CREATE INDEX IF NOT EXISTS posts_featured ON posts(featured_id);

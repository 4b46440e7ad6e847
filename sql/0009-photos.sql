-- 0009-photos.sql: photos (DESIGN.md, "Photos"), their stored variants
-- and the posts that show them.
--
-- What is stored is never the uploaded file: media.c decodes it, turns
-- it upright, converts it to sRGB and writes a few widths in WebP and in
-- JPEG (PNG with transparency; animated GIFs as animated WebP and GIF),
-- without metadata. Their files live in the media directory under names
-- that contain the content hash, so they never change (nginx serves them
-- with a one-year immutable Cache-Control).
--
-- state: 'pending' while the files are being moved into place (a row
-- that no page may name: media.c removes pending rows and their files
-- left by a crash); 'ready' after.
CREATE TABLE media (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,	-- never given twice:
						-- posts may name /media/ID
	hash		TEXT NOT NULL UNIQUE,	-- SHA-256 of the uploaded bytes, hex
	name		TEXT NOT NULL UNIQUE,	-- "ab/ab12cd34ef567890abcd": files are
						-- NAME-WIDTH.EXT under the media dir
	original_name	TEXT NOT NULL DEFAULT '',
	format		TEXT NOT NULL,		-- as sniffed: jpeg png webp gif heif
	width		INTEGER NOT NULL,	-- upright, as shown
	height		INTEGER NOT NULL,
	bytes		INTEGER NOT NULL,	-- the uploaded file's size
	alt		TEXT NOT NULL DEFAULT '',
	caption		TEXT NOT NULL DEFAULT '',
	has_alpha	INTEGER NOT NULL DEFAULT 0,
	animated	INTEGER NOT NULL DEFAULT 0,
	user_id		INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created		INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'ready'
			CHECK (state IN ('pending', 'ready'))
);
CREATE INDEX media_state ON media(state, created);
CREATE INDEX media_user ON media(user_id);	-- a user deleted: SET NULL

-- One file of a photo: a width in a format. The largest JPEG (or PNG,
-- or GIF) is the photo's plain URL.
CREATE TABLE media_variants (
	media_id	INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
	format		TEXT NOT NULL CHECK (format IN ('webp', 'jpeg', 'png',
			    'gif')),
	width		INTEGER NOT NULL,
	height		INTEGER NOT NULL,
	file		TEXT NOT NULL UNIQUE,	-- under the media dir
	bytes		INTEGER NOT NULL,
	PRIMARY KEY (media_id, format, width)
) WITHOUT ROWID;

-- Which posts show which photos: kept by post_save from the rendered
-- Markdown, for the library's "used by" and a safe delete.
CREATE TABLE media_uses (
	post_id		INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	media_id	INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
	PRIMARY KEY (post_id, media_id)
) WITHOUT ROWID;
CREATE INDEX media_uses_media ON media_uses(media_id);

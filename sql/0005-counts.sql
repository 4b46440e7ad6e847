-- 0005-counts.sql: counts kept by triggers, so that no page counts
-- 100,000 rows per view, no comment recounts its post's thousands, and no
-- code path (nor a change made with sqlite3) can leave them wrong: the
-- number of public posts (the home page), each tag's public posts (its
-- archive) and each post's approved comments.
ALTER TABLE site_state ADD COLUMN public_posts INTEGER NOT NULL DEFAULT 0;
UPDATE site_state SET public_posts = (SELECT count(*) FROM posts
    WHERE type = 'post' AND status = 'published');
UPDATE tags SET post_count = (SELECT count(*) FROM post_tags pt
    JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = tags.id
    AND p.type = 'post' AND p.status = 'published');
UPDATE posts SET comment_count = (SELECT count(*) FROM comments c
    WHERE c.post_id = posts.id AND c.status = 'approved');

CREATE TRIGGER posts_public_i AFTER INSERT ON posts
    WHEN new.type = 'post' AND new.status = 'published'
BEGIN
	UPDATE site_state SET public_posts = public_posts + 1;
END;
-- Before, while its tag links are still there (they go by ON DELETE
-- CASCADE, or stay behind if foreign keys are off).
CREATE TRIGGER posts_public_d BEFORE DELETE ON posts
    WHEN old.type = 'post' AND old.status = 'published'
BEGIN
	UPDATE site_state SET public_posts = public_posts - 1;
	UPDATE tags SET post_count = post_count - 1 WHERE id IN
	    (SELECT tag_id FROM post_tags WHERE post_id = old.id);
END;
CREATE TRIGGER posts_public_u AFTER UPDATE OF type, status ON posts
    WHEN (old.type = 'post' AND old.status = 'published') IS NOT
    (new.type = 'post' AND new.status = 'published')
BEGIN
	UPDATE site_state SET public_posts = public_posts +
	    (new.type = 'post' AND new.status = 'published') -
	    (old.type = 'post' AND old.status = 'published');
	UPDATE tags SET post_count = post_count +
	    (new.type = 'post' AND new.status = 'published') -
	    (old.type = 'post' AND old.status = 'published')
	    WHERE id IN (SELECT tag_id FROM post_tags WHERE post_id = new.id);
END;
-- A link counts if its post is public (and still there).
CREATE TRIGGER post_tags_count_i AFTER INSERT ON post_tags
    WHEN EXISTS (SELECT 1 FROM posts WHERE id = new.post_id
    AND type = 'post' AND status = 'published')
BEGIN
	UPDATE tags SET post_count = post_count + 1 WHERE id = new.tag_id;
END;
CREATE TRIGGER post_tags_count_d AFTER DELETE ON post_tags
    WHEN EXISTS (SELECT 1 FROM posts WHERE id = old.post_id
    AND type = 'post' AND status = 'published')
BEGIN
	UPDATE tags SET post_count = post_count - 1 WHERE id = old.tag_id;
END;
CREATE TRIGGER post_tags_count_u AFTER UPDATE ON post_tags
BEGIN
	UPDATE tags SET post_count = (SELECT count(*) FROM post_tags pt
	    JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = tags.id
	    AND p.type = 'post' AND p.status = 'published')
	    WHERE id IN (old.tag_id, new.tag_id);
END;

CREATE TRIGGER comments_count_i AFTER INSERT ON comments
    WHEN new.status = 'approved'
BEGIN
	UPDATE posts SET comment_count = comment_count + 1
	    WHERE id = new.post_id;
END;
CREATE TRIGGER comments_count_d AFTER DELETE ON comments
    WHEN old.status = 'approved'
BEGIN
	UPDATE posts SET comment_count = comment_count - 1
	    WHERE id = old.post_id;
END;
CREATE TRIGGER comments_count_u AFTER UPDATE OF status, post_id ON comments
    WHEN old.status = 'approved' OR new.status = 'approved'
BEGIN
	UPDATE posts SET comment_count = comment_count - 1
	    WHERE id = old.post_id AND old.status = 'approved';
	UPDATE posts SET comment_count = comment_count + 1
	    WHERE id = new.post_id AND new.status = 'approved';
END;

-- fixture.sql: what the golden blog holds beyond its posts, and every
-- clock and key fixed, so that its pages are the same on every run.
UPDATE settings SET value = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
    WHERE key = 'secret_key';
UPDATE users SET created = 1700000000, bio_md = 'Runs, writes, needles.',
    bio_html = '<p>Runs, writes, needles.</p>';
UPDATE posts SET published = 1700000000 WHERE type = 'page' OR status = 'draft';
UPDATE posts SET created = published, updated = published;
-- A thread on "Finding The Knots": a reply, a reply to the reply, the
-- author's answer, a pingback, and a held and a spam comment nobody sees.
INSERT INTO comments (id, post_id, parent_id, depth, path, type, status,
    author_name, author_email, author_url, user_id, created, body_md,
    body_html) VALUES
 (1, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), NULL, 1,
  '0000000001', 'comment', 'approved', 'Zoë <b>&', 'zoe@example.net',
  'https://zoe.example/', NULL, 1714640000, 'Did it *hurt*?',
  '<p>Did it <em>hurt</em>?</p>'),
 (2, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), 1, 2,
  '0000000001.0000000002', 'comment', 'approved', 'Ada Admin',
  'ada@example.org', '', (SELECT id FROM users WHERE login = 'admin'),
  1714643600, 'A little.', '<p>A little.</p>'),
 (3, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), 2, 3,
  '0000000001.0000000002.0000000003', 'comment', 'approved', 'Bo',
  'bo@example.net', '', NULL, 1714647200, 'Thanks!', '<p>Thanks!</p>'),
 (4, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), NULL, 1,
  '0000000004', 'pingback', 'approved', 'Another blog',
  '', 'https://other.example/post', NULL, 1714650800,
  '[…] read about the knots […]', '<p>[…] read about the knots […]</p>'),
 (5, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), NULL, 1,
  '0000000005', 'comment', 'pending', 'Held', 'held@example.net', '',
  NULL, 1714654400, 'Nobody sees this.', '<p>Nobody sees this.</p>'),
 (6, (SELECT id FROM posts WHERE slug = 'finding-the-knots'), NULL, 1,
  '0000000006', 'comment', 'spam', 'Spam', 'spam@example.net', '',
  NULL, 1714658000, 'Buy now.', '<p>Buy now.</p>');
UPDATE tags SET description = 'Intramuscular stimulation.' WHERE slug = 'ims';
UPDATE site_state SET changed = 1714700000;
INSERT INTO settings (key, value) VALUES ('posts_per_page', '2'),
    ('close_after_days', '0'), ('description', 'Notes on running & knees')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
UPDATE site_state SET changed = 1714700000;

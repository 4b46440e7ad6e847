-- 0003-indexes.sql: indexes that test_plan.c found missing: no statement
-- may read a whole table unless it means to.
CREATE INDEX comments_user ON comments(user_id);	-- FK of a removed user
CREATE INDEX tags_name ON tags(name COLLATE NOCASE);	-- a tag by its name
CREATE INDEX rate_limits_window ON rate_limits(window);	-- pruning
CREATE INDEX redirects_new ON redirects(new_path);	-- retargeting chains

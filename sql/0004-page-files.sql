-- 0004-page-files.sql: where `quire serve --pages DIR` keeps the page
-- files nginx serves by itself, so that the command line, after it
-- changes something, can point nginx at pages made anew (pagedir.h).
ALTER TABLE site_state ADD COLUMN pages TEXT;

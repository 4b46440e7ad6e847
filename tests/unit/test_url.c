/* test_url.c: the link helpers of url.c give the paths they promise. */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "model.h"
#include "url.h"

#define SAME(c, got, want) CHECK(c, strcmp(got, want) == 0, \
	"%s (got %s)", want, got)

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };
	struct post	 p = { 0 };

	p.type = "page";
	p.slug = "about us";
	SAME(&c, url_post_a(&a, &p), "/about%20us/");
	SAME(&c, url_comments_a(&a, &p), "/about%20us/#comments");
	SAME(&c, url_comment_a(&a, &p, 42), "/about%20us/#comment-42");
	SAME(&c, url_feed_of_a(&a, url_tag_a(&a, "a/b")), "/tag/a%2Fb/feed/");
	SAME(&c, url_reply_a(&a, 7), "?replyto=7#respond");
	SAME(&c, url_comment_edit_a(&a, 7), "/comment/edit?c=7");
	SAME(&c, url_avatar_a(&a, "0123abcd"), "/avatar/0123abcd.svg");
	SAME(&c, url_search_a(&a, "a&b", 1), "/search?q=a%26b");
	SAME(&c, url_search_a(&a, "a b", 3), "/search?q=a%20b&page=3");
	SAME(&c, url_login_a(&a, "/admin/?x=1"),
	    "/admin/login?next=%2Fadmin%2F%3Fx%3D1");
	SAME(&c, url_admin_post_a(&a, 0), "/admin/posts/new");
	SAME(&c, url_admin_post_a(&a, 12), "/admin/posts/12");
	SAME(&c, url_admin_posts_a(&a, "draft", "", 2),
	    "/admin/posts?status=draft&page=2");
	SAME(&c, url_admin_posts_a(&a, "all", "x y", 1),
	    "/admin/posts?status=all&q=x%20y&page=1");
	SAME(&c, url_admin_comment_a(&a, 5), "/admin/comments/5");
	SAME(&c, url_admin_comments_a(&a, "spam", 0),
	    "/admin/comments?status=spam");
	SAME(&c, url_admin_comments_a(&a, "spam", 1),
	    "/admin/comments?status=spam&page=1");
	SAME(&c, url_admin_user_a(&a, 3), "/admin/users/3");
	SAME(&c, url_admin_privacy_done_a(&a, 1, 4),
	    "/admin/privacy?deleted=4");
	SAME(&c, url_admin_privacy_done_a(&a, 0, 4),
	    "/admin/privacy?anonymised=4");
	SAME(&c, url_tag_path_a(&a, "caf\xc3\xa9", 0), "/tag/caf\xc3\xa9/");
	SAME(&c, url_tag_path_a(&a, "x", 1), "/tag/x/feed/");
	SAME(&c, url_wp_term_a(&a, 1, "news"), "/category/news/");
	SAME(&c, url_wp_term_a(&a, 0, "news"), "/tag/news/");
	SAME(&c, url_wp_post_a(&a, "9"), "/?p=9");
	SAME(&c, url_wp_page_a(&a, "9"), "/?page_id=9");
	arena_free(&a);
	return check_done(&c);
}

/* cli_demo.c: `quire demo': sample content, generated (for make run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vips/vips.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "db_comment.h"
#include "db_user.h"
#include "html.h"
#include "markdown.h"
#include "media.h"
#include "model.h"
#include "post.h"
#include "site.h"

#define DAY	86400

/* A small deterministic generator (xorshift), so every demo is alike. */
struct rng {
	unsigned long long	 s;
};

static unsigned
rnd(struct rng *g, unsigned n)
{
	g->s ^= g->s << 13;
	g->s ^= g->s >> 7;
	g->s ^= g->s << 17;
	return (unsigned)(g->s % n);
}

static const char *const titles[] = {
	"Starting Over on Plot 14", "What the Previous Tenant Left Behind",
	"Double Digging, Once and Never Again", "A Compost Bay from Pallets",
	"First Sowing: Broad Beans in the Cold",
	"Why My Tomatoes Split (and Yours Might Too)",
	"The Shed Gets a Gutter", "Slugs, Beer Traps and Honest Results",
	"Seed Catalogues in January", "Raised Beds: Worth the Timber?",
	"Leeks for the Hungry Gap", "Lessons from a Wet June",
	"Saving Seed from Runner Beans", "A Hedge of Herbs by the Gate",
	"The Great Courgette Glut", "Green Manure over Winter",
	"Pruning the Old Apple Tree", "Making Leaf Mould Without Trying",
	"Garlic Goes in on the Shortest Day", "Netting the Brassicas",
	"Rhubarb, Forced and Unforced", "Potatoes in Bags on the Patio",
	"The Water Butt Audit", "Blight Came Early This Year",
	"A Year of Soil Tests", "Jam from the Hedgerow",
	"Sharpening Everything", "Onions from Sets versus Seed",
	"Planning Next Year's Rotation", "Two Years on the Plot",
};

static const char *const tag_sets[] = {
	"Vegetables, Soil", "Tools, Weather", "Soil, Compost", "Compost, Tools",
	"Vegetables, Seeds, Winter", "Vegetables, Tomatoes, Pests",
	"Tools", "Pests, Vegetables", "Seeds, Winter", "Vegetables, Soil, Tools",
	"Vegetables, Winter", "Weather, Vegetables, Tomatoes",
	"Seeds, Vegetables", "Herbs", "Vegetables, Recipes",
	"Soil, Winter, Compost", "Fruit, Tools", "Compost, Soil",
	"Vegetables, Winter", "Vegetables, Pests", "Fruit, Recipes",
	"Vegetables", "Weather, Tools", "Tomatoes, Pests, Vegetables",
	"Soil", "Fruit, Recipes", "Tools", "Vegetables, Seeds",
	"Vegetables, Soil", "Vegetables, Herbs, Fruit",
};

static const char *const sentences[] = {
	"The soil here is heavy clay, and it sticks to everything in March.",
	"I started with a spade, a fork and far more enthusiasm than sense.",
	"By midsummer the beds were green from one end to the other.",
	"Nothing teaches patience like waiting for the ground to warm up.",
	"My neighbour on the next plot swears by seaweed, and his leeks agree.",
	"It rained for eleven days straight, which the weeds loved.",
	"A barrow of well-rotted manure is worth more than any gadget.",
	"I kept notes in a cheap notebook that now smells of onions.",
	"The robin followed me up and down every row I dug.",
	"Half the seedlings vanished overnight, and the culprits left trails.",
	"Next year I will sow in smaller batches, every two weeks.",
	"The best tool on the plot is still a sharp hoe on a dry morning.",
	"We ate the first beans raw, standing by the canes.",
	"Frost came early and caught the last of the squash.",
	"Mulch is the closest thing to magic I have found.",
	"The water butts were empty by July, so I rigged a second gutter.",
	"Every failure here has taught me more than the successes.",
	"There is a particular quiet on the site at seven in the morning.",
};

static void
paragraph(struct rng *g, struct buf *b, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		buf_puts(b, sentences[rnd(g,
		    sizeof(sentences) / sizeof(sentences[0]))]);
	}
	buf_puts(b, "\n\n");
}

static void
body(struct rng *g, struct buf *b, int i)
{
	paragraph(g, b, 3 + (int)rnd(g, 3));
	if (i % 3 == 0) {
		buf_puts(b, "## What I would do differently\n\n");
		buf_puts(b, "- Start earlier, and smaller.\n"
		    "- Label *everything*, twice.\n"
		    "- Keep the paths wide enough for a barrow.\n\n");
	}
	paragraph(g, b, 2 + (int)rnd(g, 4));
	if (i % 4 == 1)
		buf_puts(b, "> The best fertiliser is the gardener's shadow.\n"
		    ">\n> \xe2\x80\x94 an old saying on the site\n\n");
	if (i % 5 == 2)
		buf_puts(b, "My sowing record, as I keep it:\n\n"
		    "    2024-03-02  broad beans   Aquadulce   2 rows\n"
		    "    2024-03-16  onion sets    Sturon      3 rows\n\n");
	paragraph(g, b, 2 + (int)rnd(g, 3));
	if (i % 6 == 3)
		buf_puts(b, "More on this in the [Royal Horticultural Society's "
		    "guides](https://www.rhs.org.uk/advice) if you want the "
		    "proper version.\n");
}

/* -- photos: made here with libvips, nothing downloaded --------------------- */

#define PHOTO_W		1600
#define PHOTO_H		1067
#define NPHOTOS		4
#define POOL		24

/* A landscape: a sky graded from top to horizon, a sun, a field with
   furrows. Colours are 0-255 RGB. */
static const struct scene {
	double		 sky[2][3], ground[2][3], sun[3];
	double		 horizon, sunx, suny, sunr, furrow, slant;
	const char	*alt, *caption;
} scenes[NPHOTOS] = {
	{ { { 70, 120, 190 }, { 200, 220, 235 } },
	  { { 90, 130, 60 }, { 50, 80, 35 } }, { 255, 240, 190 },
	  0.55, 0.75, 0.25, 70, 9, 0.6,
	  "Rows of young broad beans under a clear morning sky",
	  "Plot 14 in April, from the gate" },
	{ { { 240, 150, 90 }, { 255, 215, 150 } },
	  { { 110, 80, 50 }, { 70, 50, 35 } }, { 255, 250, 220 },
	  0.62, 0.3, 0.5, 90, 14, -0.4,
	  "Freshly dug beds at sunset, the soil dark and furrowed", NULL },
	{ { { 120, 130, 140 }, { 185, 190, 195 } },
	  { { 70, 110, 75 }, { 40, 70, 45 } }, { 225, 228, 230 },
	  0.45, 0.5, 0.2, 50, 6, 0.2,
	  "The plot under low grey cloud after a week of rain",
	  "Lessons from a wet June" },
	{ { { 30, 60, 120 }, { 120, 170, 220 } },
	  { { 150, 140, 60 }, { 100, 90, 40 } }, { 255, 255, 235 },
	  0.7, 0.15, 0.35, 60, 11, 0.9,
	  "Late summer: the far beds gone to seed in the low sun", NULL },
};

/* A 3-band image a + b * t (per band) from the 1-band t. */
static VipsImage *
ramp(VipsImage **pool, int *np, VipsImage *t, const double from[3],
    const double to[3], double t0, double t1)
{
	double		 a[3], b[3];
	int		 i;

	for (i = 0; i < 3; i++) {
		a[i] = (to[i] - from[i]) / (t1 - t0);
		b[i] = from[i] - a[i] * t0;
	}
	if (vips_linear(t, &pool[*np], a, b, 3, NULL) != 0)
		return NULL;
	return pool[(*np)++];
}

#define V(call)	do { if ((call) != 0) goto fail; (*np)++; } while (0)

/* The scene as an 8-bit sRGB image, its parts in pool. */
static VipsImage *
scene_image(const struct scene *sc, VipsImage **pool, int *np)
{
	VipsImage	*xyz, *x, *y, *t, *sky, *ground, *sun;

	V(vips_xyz(&pool[*np], PHOTO_W, PHOTO_H, NULL));
	xyz = pool[*np - 1];
	V(vips_extract_band(xyz, &pool[*np], 0, NULL));
	x = pool[*np - 1];
	V(vips_extract_band(xyz, &pool[*np], 1, NULL));
	y = pool[*np - 1];
	V(vips_linear1(y, &pool[*np], 1.0 / PHOTO_H, 0, NULL));
	t = pool[*np - 1];
	if ((sky = ramp(pool, np, t, sc->sky[0], sc->sky[1], 0,
	    sc->horizon)) == NULL || (ground = ramp(pool, np, t,
	    sc->ground[0], sc->ground[1], sc->horizon, 1)) == NULL ||
	    (sun = ramp(pool, np, t, sc->sun, sc->sun, 0, 1)) == NULL)
		goto fail;
	/* furrows: the ground times 0.85 + 0.15 sin(x * f + y * slant) */
	V(vips_linear1(x, &pool[*np], sc->furrow, 0, NULL));
	V(vips_linear1(y, &pool[*np], sc->furrow * sc->slant * 3, 0, NULL));
	V(vips_add(pool[*np - 2], pool[*np - 1], &pool[*np], NULL));
	V(vips_math(pool[*np - 1], &pool[*np], VIPS_OPERATION_MATH_SIN, NULL));
	V(vips_linear1(pool[*np - 1], &pool[*np], 0.15, 0.85, NULL));
	V(vips_multiply(ground, pool[*np - 1], &pool[*np], NULL));
	ground = pool[*np - 1];
	/* the sun: (x - cx)^2 + (y - cy)^2 < r^2 */
	V(vips_linear1(x, &pool[*np], 1, -sc->sunx * PHOTO_W, NULL));
	V(vips_multiply(pool[*np - 1], pool[*np - 1], &pool[*np], NULL));
	V(vips_linear1(y, &pool[*np], 1, -sc->suny * PHOTO_H, NULL));
	V(vips_multiply(pool[*np - 1], pool[*np - 1], &pool[*np], NULL));
	V(vips_add(pool[*np - 3], pool[*np - 1], &pool[*np], NULL));
	V(vips_less_const1(pool[*np - 1], &pool[*np], sc->sunr * sc->sunr,
	    NULL));
	V(vips_ifthenelse(pool[*np - 1], sun, sky, &pool[*np], NULL));
	sky = pool[*np - 1];
	V(vips_less_const1(t, &pool[*np], sc->horizon, NULL));
	V(vips_ifthenelse(pool[*np - 1], sky, ground, &pool[*np], NULL));
	V(vips_cast_uchar(pool[*np - 1], &pool[*np], NULL));
	return pool[*np - 1];
fail:
	return NULL;
}

#undef V

/* Make and store demo photo i: its URL (arena), or NULL with err. */
static const char *
demo_photo(struct db *db, struct arena *a, const char *dir, int i,
    int64_t user_id, int64_t now, char *err, size_t errsz)
{
	VipsImage		*pool[POOL] = { 0 }, *im;
	struct media_opts	 o = { 0 };
	struct media		 m;
	void			*jpeg = NULL;
	size_t			 n = 0;
	const char		*url = NULL;
	int			 np = 0, status, k;

	if ((im = scene_image(&scenes[i], pool, &np)) == NULL ||
	    vips_jpegsave_buffer(im, &jpeg, &n, "Q", 88, NULL) != 0) {
		snprintf(err, errsz, "libvips: %s", vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	o.dir = dir;
	o.alt = scenes[i].alt;
	o.original_name = arena_printf(a, "plot-%d.jpg", i + 1);
	o.user_id = user_id;
	o.now = now;
	if (media_store(db, a, &o, jpeg, n, &m, &status, err, errsz) == -1)
		goto out;
	url = media_url(a, &m);
out:
	g_free(jpeg);
	for (k = np - 1; k >= 0; k--)
		if (pool[k] != NULL)
			g_object_unref(pool[k]);
	return url;
}

/* The demo's photos, stored (each in its own transaction): their URLs
   in urls[NPHOTOS]. 0, or -1 with err. */
static int
photos(struct db *db, struct arena *a, const char *dir, int64_t now,
    const char **urls, char *err, size_t errsz)
{
	const char	*login;
	struct user	 admin;
	int		 i;

	if ((login = db_user_first_admin(db, a)) == NULL ||
	    db_user_by_login(db, a, login, &admin) != 1) {
		snprintf(err, errsz, "add an admin user first (quire user add "
		    "--role admin)");
		return -1;
	}
	if (media_init() == -1) {
		snprintf(err, errsz, "cannot start libvips");
		return -1;
	}
	for (i = 0; i < NPHOTOS; i++)
		if ((urls[i] = demo_photo(db, a, dir, i, admin.id, now, err,
		    errsz)) == NULL)
			return -1;
	return 0;
}

/* The Markdown of photo i after a post's first paragraph. */
static void
photo_md(struct buf *b, const char *url, int i)
{
	buf_printf(b, "![%s](%s", scenes[i].alt, url);
	if (scenes[i].caption != NULL)
		buf_printf(b, " \"%s\"", scenes[i].caption);
	buf_puts(b, ")\n\n");
}

static const struct {
	const char	*name, *email, *url;
} people[] = {
	{ "Margaret Holloway", "margaret@example.com", "" },
	{ "Dev Patel", "dev.patel@example.net", "https://example.net/dev" },
	{ "Jonas Berg", "jonas@example.org", "" },
	{ "Aoife Byrne", "aoife@example.ie", "https://example.ie" },
	{ "Tom", "tom.k@example.com", "" },
	{ "Lucía Fernández", "lucia@example.es", "" },
};

static const char *const remarks[] = {
	("This is so useful, thank you. I have the same clay and the same "
	"despair every spring."),
	"Have you tried comfrey tea? It smells awful but the tomatoes love it.",
	"We had exactly this problem last year. Copper tape did *nothing*.",
	"Lovely write-up. Which variety was it?",
	"I laughed at the part about the robin \xe2\x80\x94 ours does the same.",
	"Good point. I'd add: water in the morning, not the evening.",
};

static int64_t
comment(struct db *db, struct arena *a, int64_t post, int64_t parent,
    int who, const char *text, int64_t when, int64_t user_id,
    const char *user_name, const char *user_email)
{
	struct comment		 c = { 0 };
	struct comment_new	 cn = { 0 };

	c.post_id = post;
	c.parent_id = parent;
	c.type = "comment";
	c.status = COMMENT_APPROVED;
	c.author_name = user_id ? user_name : people[who].name;
	c.author_email = user_id ? user_email : people[who].email;
	c.author_url = user_id ? "" : people[who].url;
	c.user_id = user_id;
	c.created = when;
	c.body_html = html_str(md_render_comment(a, text, strlen(text)));
	cn.body_md = text;
	cn.addr = "127.0.0.1";
	return db_comment_add(db, &c, &cn);
}

/* The posts that show photo k (index in titles), the newest ones. */
static const int photo_post[NPHOTOS] = { 29, 28, 26, 23 };

/* Post i's Markdown into b: its body, and its photo (if it has one)
   after the first paragraph. */
static void
post_md(struct rng *g, struct buf *b, int i, const char **urls)
{
	struct buf	 t = { 0 };
	const char	*s, *p;
	int		 k;

	body(g, &t, i);
	s = buf_str(&t);
	for (k = 0; k < NPHOTOS && photo_post[k] != i; k++)
		;
	if (k == NPHOTOS || (p = strstr(s, "\n\n")) == NULL) {
		buf_puts(b, s);
	} else {
		buf_add(b, s, (size_t)(p - s) + 2);
		photo_md(b, urls[k], k);
		buf_puts(b, p + 2);
	}
	buf_free(&t);
}

static int
fill(struct db *db, struct arena *a, int64_t now, const char **urls,
    char *err, size_t errsz)
{
	struct rng		 g = { 0x9e3779b97f4a7c15ULL };
	struct post_input	 in;
	struct user		 admin, sam = { 0 };
	struct buf		 b = { 0 };
	const char		*login, *bio;
	int64_t			 id, when, c1, c2, c3, ids[30], samid;
	int			 i, j, n = (int)(sizeof(titles) / sizeof(titles[0]));

	if ((login = db_user_first_admin(db, a)) == NULL ||
	    db_user_by_login(db, a, login, &admin) != 1) {
		snprintf(err, errsz, "add an admin user first (quire user add "
		    "--role admin)");
		return -1;
	}
	bio = "I grow vegetables badly and write about it. Plot 14, since "
	    "2024.";
	db_user_set_bio(db, admin.id, bio, html_str(md_render_post(a, bio,
	    strlen(bio))));
	sam.login = "sam";
	sam.name = "Sam Okafor";
	sam.email = "sam@example.org";
	sam.role = "author";
	sam.bio_md = "Sam shares the plot at weekends and looks after the "
	    "*fruit*.";
	sam.bio_html = html_str(md_render_post(a, sam.bio_md,
	    strlen(sam.bio_md)));
	if ((samid = db_user_add(db, &sam, now)) <= 0) {
		snprintf(err, errsz, "cannot add the demo author 'sam' (does "
		    "the database already hold the demo?)");
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&in, 0, sizeof(in));
		buf_reset(&b);
		post_md(&g, &b, i, urls);
		in.title = titles[i];
		in.tags = tag_sets[i];
		in.body_md = buf_str(&b);
		in.author_id = i % 6 == 4 ? samid : admin.id;
		in.comments_open = 1;
		/* Two years, oldest first, at varying times of day. */
		in.published = now - (int64_t)(n - i) * 24 * DAY -
		    (int64_t)rnd(&g, 12 * 3600) - 3600;
		if ((ids[i] = post_save(db, a, &in, now, err, errsz)) == -1)
			goto fail;
	}
	memset(&in, 0, sizeof(in));
	in.type = "page";
	in.title = "About";
	in.slug = "about";
	in.body_md = "This is a blog about one allotment plot, the people "
	    "on it, and what grows (or does not).\n\nIt runs on "
	    "[quire](https://example.org/quire), a small blog engine.\n";
	in.author_id = admin.id;
	in.comments_open = 1;
	in.published = now - 30 * 24 * DAY;
	if (post_save(db, a, &in, now, err, errsz) == -1)
		goto fail;

	/* Comments on several posts: the newest has a thread 4 deep with a
	   reply by the post's author. */
	for (i = n - 1; i >= n - 12; i -= 2) {
		when = now - (int64_t)(n - i) * 24 * DAY + 5 * 3600;
		for (j = 0; j < 1 + (i % 3); j++)
			if (comment(db, a, ids[i], 0, (i + j) % 6,
			    remarks[(i + 2 * j) % 6], when + j * 3600, 0,
			    NULL, NULL) == -1)
				goto dberr;
	}
	when = now - 20 * 3600;
	if ((c1 = comment(db, a, ids[n - 1], 0, 0, remarks[0], when, 0,
	    NULL, NULL)) == -1 ||
	    (c2 = comment(db, a, ids[n - 1], c1, 1, remarks[1], when + 3600,
	    0, NULL, NULL)) == -1 ||
	    (c3 = comment(db, a, ids[n - 1], c2, 0, "Comfrey tea, noted. "
	    "Is it worth growing your own comfrey?", when + 7200, 0, NULL,
	    NULL)) == -1 ||
	    (id = comment(db, a, ids[n - 1], c3, 0, "Yes \xe2\x80\x94 one "
	    "plant is plenty, and it comes back every year. Keep it in a "
	    "corner; it spreads.", when + 9000, admin.id, admin.name,
	    admin.email)) == -1)
		goto dberr;
	buf_free(&b);
	return 0;
dberr:
	snprintf(err, errsz, "%s", sqlite3_errmsg(db->h));
fail:
	buf_free(&b);
	return -1;
}

/* quire demo [--media DIR] [--db FILE] */
int
cli_demo(int argc, char *argv[])
{
	struct cli	 c = { "demo",
	    "usage: quire demo [--media DIR] [--db FILE]\n"
	    "Fill a new database with generated sample content: 30 posts over\n"
	    "two years, 12 tags, an About page, a second author, threaded\n"
	    "comments, and four photos (landscapes drawn with libvips, stored\n"
	    "as 'quire media add' does) in the newest posts. Needs an admin\n"
	    "user (quire user add --role admin).\n"
	    "  --media DIR  the media directory (default: media/ beside the\n"
	    "               database file)\n",
	    { { "db", 0, NULL }, { "media", 0, NULL } }, { 0 }, 0 };
	struct db	 db;
	struct arena	 a = { 0 };
	struct site	 site = { 0 };
	const char	*urls[NPHOTOS];
	char		 err[512], *dir;
	int64_t		 now = (int64_t)time(NULL);
	int		 rc;

	if ((rc = cli_parse(&c, argc, argv)) != 0)
		return rc;
	if (access(cli_db(&c), F_OK) != 0)
		return cli_fail(cli_db(&c), "no such database (create it with "
		    "'quire init')");
	rc = 1;
	dir = cli_get(&c, "media") != NULL ? strdup(cli_get(&c, "media")) :
	    media_dir_default(cli_db(&c));
	if (db_open(&db, cli_db(&c), 0, err, sizeof(err)) == -1) {
		cli_fail("demo", "%s", err);
		goto out;
	}
	if (site_load(&db, &site) == -1) {
		cli_fail("demo", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	if (photos(&db, &a, dir, now, urls, err, sizeof(err)) == -1) {
		cli_fail("demo", "photos: %s", err);
		goto out;
	}
	if (db_begin(&db) == -1) {
		cli_fail("demo", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	/* Sample posts link to real sites: those are not told (mentions). */
	if (fill(&db, &a, now, urls, err, sizeof(err)) == -1 ||
	    db_exec(&db, "DELETE FROM mention_todo") == -1) {
		db_rollback(&db);
		cli_fail("demo", "%s", err);
		goto out;
	}
	if (db_commit(&db) == -1) {
		cli_fail("demo", "%s", sqlite3_errmsg(db.h));
		goto out;
	}
	printf("added 30 posts, a page, comments and %d photos to %s\n",
	    NPHOTOS, cli_db(&c));
	rc = 0;
out:
	free(dir);
	site_free(&site);
	arena_free(&a);
	cli_close_db(&db);
	return rc;
}

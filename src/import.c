/* import.c: what the importers share: counting, and the summary printed at the end. */
#include <stdio.h>
#include <string.h>

#include "import.h"

const char *const import_status_names[IS__MAX] = { "published", "draft",
	"pending", "scheduled", "private", "trash" };

void
import_count(struct import_stats *st, const char *type, const char *status)
{
	int	*by, i;

	if (strcmp(type, "page") == 0) {
		st->pages++;
		by = st->page_status;
	} else {
		st->posts++;
		by = st->post_status;
	}
	for (i = 0; i < IS__MAX; i++)
		if (strcmp(status, import_status_names[i]) == 0)
			by[i]++;
}

/* "N (a published, b draft ...)", statuses with none left out. */
static void
statuses(FILE *f, const char *what, int n, const int *by)
{
	const char	*sep = " (";
	int		 i;

	fprintf(f, "  %-17s %d", what, n);
	for (i = 0; i < IS__MAX; i++) {
		if (by[i] == 0)
			continue;
		fprintf(f, "%s%d %s", sep, by[i], import_status_names[i]);
		sep = ", ";
	}
	fprintf(f, "%s\n", *sep == ',' ? ")" : "");
}

static void
notes(FILE *f, const struct import_stats *st)
{
	const struct wxr_notes	*n = &st->notes;

	if (st->protected)
		fprintf(f, "  %d password-protected post%s kept with %s "
		    "password\n", st->protected, st->protected == 1 ? "" : "s",
		    st->protected == 1 ? "its" : "their");
	if (n->gallery_made)
		fprintf(f, "  %d [gallery] shortcode%s made photo grids\n",
		    n->gallery_made, n->gallery_made == 1 ? "" : "s");
	if (n->gallery)
		fprintf(f, "  %d [gallery] shortcode%s dropped (no photo of "
		    "theirs imported)\n", n->gallery, n->gallery == 1 ? "" :
		    "s");
	if (n->caption)
		fprintf(f, "  %d [caption] shortcode%s made <figure>\n",
		    n->caption, n->caption == 1 ? "" : "s");
	if (n->embed)
		fprintf(f, "  %d embed%s ([embed] or a lone URL) made plain "
		    "links\n", n->embed, n->embed == 1 ? "" : "s");
	if (n->media)
		fprintf(f, "  %d [audio]/[video]/[playlist] shortcode%s made "
		    "links or dropped\n", n->media, n->media == 1 ? "" : "s");
	if (n->elements)
		fprintf(f, "  %d script/style/iframe/object/embed element%s "
		    "removed\n", n->elements, n->elements == 1 ? "" : "s");
	if (n->attributes)
		fprintf(f, "  %d event-handler attribute%s or unsafe URL%s "
		    "removed\n", n->attributes, n->attributes == 1 ? "" : "s",
		    n->attributes == 1 ? "" : "s");
	if (st->orphans)
		fprintf(f, "  %d repl%s to a comment not imported made "
		    "top-level\n", st->orphans, st->orphans == 1 ? "y" : "ies");
	if (st->logins_changed)
		fprintf(f, "  %d author login%s changed to fit quire's rules "
		    "(a-z 0-9 . _ -)\n", st->logins_changed,
		    st->logins_changed == 1 ? "" : "s");
	if (st->authors_new)
		fprintf(f, "  new authors have no password: set one with "
		    "'quire user passwd --login LOGIN'\n");
}

/* What --uploads brought, and the files it could not. */
static void
uploads(FILE *f, const struct import_stats *st)
{
	int	 i;

	if (!st->uploads_dir)
		return;
	fprintf(f, "  %-17s %d photos, %d other files (%d imported before)\n",
	    "uploads:", st->photos, st->files, st->uploads_there);
	fprintf(f, "  %-17s %d\n", "featured images:", st->featured);
	if (st->bodies_updated)
		fprintf(f, "  %-17s %d\n", "bodies updated:",
		    st->bodies_updated);
	if (st->missing) {
		fprintf(f, "  %-17s %d (references to them left as they were):"
		    "\n", "missing files:", st->missing);
		for (i = 0; i < st->missing && i < IMPORT_NAMES; i++)
			fprintf(f, "    %s\n", st->missing_names[i]);
		if (st->missing > IMPORT_NAMES)
			fprintf(f, "    and %d more\n", st->missing -
			    IMPORT_NAMES);
	}
	if (st->unknown) {
		fprintf(f, "  %-17s %d (no attachment of the export: "
		    "references left as they were):\n", "unknown uploads:",
		    st->unknown);
		for (i = 0; i < st->unknown && i < IMPORT_NAMES; i++)
			fprintf(f, "    %s\n", st->unknown_names[i]);
		if (st->unknown > IMPORT_NAMES)
			fprintf(f, "    and %d more\n", st->unknown -
			    IMPORT_NAMES);
	}
	if (st->refused) {
		fprintf(f, "  %-17s %d:\n", "refused files:", st->refused);
		for (i = 0; i < st->refused && i < IMPORT_NAMES; i++)
			fprintf(f, "    %s\n", st->refused_names[i]);
		if (st->refused > IMPORT_NAMES)
			fprintf(f, "    and %d more\n", st->refused -
			    IMPORT_NAMES);
	}
}

void
import_summary(FILE *f, const char *file, const struct import_stats *st)
{
	int	 i, json = strncmp(st->format, "quire", 5) == 0;

	fprintf(f, "imported %s (%s) in one transaction%s:\n", file,
	    st->format, st->uploads_dir ? " (the uploads' files before it, "
	    "each in its own)" : "");
	statuses(f, "posts:", st->posts, st->post_status);
	statuses(f, "pages:", st->pages, st->page_status);
	if (json)
		fprintf(f, "  %-17s %d\n", "users:", st->users);
	else
		fprintf(f, "  %-17s %d new, %d existing\n", "authors:",
		    st->authors_new, st->authors_there);
	fprintf(f, "  %-17s %lld new", "tags:", (long long)st->tags_new);
	if (st->file_categories || st->file_tags)
		fprintf(f, " (the file defines %d categories and %d tags)",
		    st->file_categories, st->file_tags);
	fputc('\n', f);
	fprintf(f, "  %-17s %d (%d approved, %d pending, %d spam)\n",
	    "comments:", st->approved + st->held + st->spam, st->approved,
	    st->held, st->spam);
	fprintf(f, "  %-17s %d (%d pingbacks, %d trackbacks)\n", "pingbacks:",
	    st->pingbacks + st->trackbacks, st->pingbacks, st->trackbacks);
	fprintf(f, "  %-17s %d\n", "redirects:", st->redirects);
	if (json) {
		fprintf(f, "  %-17s %d\n", "settings:", st->settings);
		fprintf(f, "  %-17s %d\n", "photos:", st->media);
		return;		/* JSON: nothing is skipped */
	}
	uploads(f, st);
	fprintf(f, "skipped:\n");
	if (st->uploads_dir)
		fprintf(f, "  %-17s %d (their files not found or refused)\n",
		    "attachments:", st->attachments);
	else
		fprintf(f, "  %-17s %d (--uploads DIR, a copy of the old "
		    "site's wp-content/uploads, brings their files in)\n",
		    "attachments:", st->attachments);
	fprintf(f, "  %-17s %d\n", "menu items:", st->menu_items);
	fprintf(f, "  %-17s %d", "other types:", st->other_types);
	for (i = 0; i < st->ntypes; i++)
		fprintf(f, "%s%s %d", i == 0 ? " (" : ", ", st->types[i].name,
		    st->types[i].n);
	fprintf(f, "%s\n", st->ntypes > 0 ? ")" : "");
	fprintf(f, "  %-17s %d (trash, auto-draft, inherit)\n",
	    "other statuses:", st->status_skipped);
	fprintf(f, "  %-17s %d\n", "trashed comments:", st->comments_trash);
	fprintf(f, "  %-17s %d\n", "other terms:", st->terms_other);
	fprintf(f, "  %-17s %d posts, %d pages, %d comments\n",
	    "already imported:", st->posts_there, st->pages_there,
	    st->comments_there);
	fprintf(f, "notes:\n");
	notes(f, st);
}

/* model.c: the names of the statuses rows have, and their parsing. */
#include <string.h>

#include "i18n.h"
#include "model.h"

const char *const comment_status_names[COMMENT_STATUS__MAX] = {
	[COMMENT_APPROVED] = N_("approved"),
	[COMMENT_PENDING] = N_("pending"),
	[COMMENT_SPAM] = N_("spam"),
	[COMMENT_TRASH] = N_("trash"),
};

int
comment_status_parse(const char *s, enum comment_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < COMMENT_STATUS__MAX; i++)
		if (strcmp(s, comment_status_names[i]) == 0) {
			*out = (enum comment_status)i;
			return 0;
		}
	return -1;
}

/* admin_rest.c: fallbacks, as weak symbols, for admin pages whose files
   are being written; each real definition replaces its fallback. */
#include "admin.h"
#include "http.h"

#define FALLBACK(name)							\
	__attribute__((weak)) int					\
	name(struct req *r, struct resp *resp)				\
	{								\
		(void)r;						\
		resp->message = "This part of the admin area is not "	\
		    "available in this build.";				\
		return 404;						\
	}

FALLBACK(admin_comments)
FALLBACK(admin_comment)
FALLBACK(admin_tags)
FALLBACK(admin_settings)
FALLBACK(admin_users)
FALLBACK(admin_user)

/* xmlrpc.c: the XML-RPC that pingback needs, read with expat. */
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "arena.h"
#include "buf.h"
#include "esc.h"
#include "xmlrpc.h"

#define DEPTH_MAX	32

/* A document being read: the path of open elements, the text of the
   current one, and what the paths of interest held. */
struct rd {
	XML_Parser		 p;
	struct arena		*a;
	char			 path[DEPTH_MAX * 24];
	size_t			 plen[DEPTH_MAX + 1];
	int			 depth, too_deep, dtd, bad_params;
	struct buf		 text;
	const char		*vtype;		/* child of the open <value> */
	const char		*vtext;
	const char		*mname;		/* a fault member's name */
	struct xmlrpc_call	*call;
	int			 in_param_values;
	/* a methodResponse */
	const char		*result, *fault_string;
	int			 fault, fault_code;
};

static int
at(const struct rd *x, const char *p)
{
	return strcmp(x->path, p) == 0;
}

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct rd	*x = arg;
	size_t		 n = strlen(x->path), k = strlen(name);
	const char	*parent;
	int		 in_value;

	(void)attrs;
	if (x->depth >= DEPTH_MAX || n + k + 2 > sizeof(x->path)) {
		x->too_deep = 1;
		XML_StopParser(x->p, XML_FALSE);
		return;
	}
	parent = strrchr(x->path, '/');
	parent = parent != NULL ? parent + 1 : x->path;
	in_value = strcmp(parent, "value") == 0;
	x->plen[x->depth++] = n;
	if (n > 0)
		x->path[n++] = '/';
	memcpy(x->path + n, name, k + 1);
	buf_reset(&x->text);
	if (strcmp(name, "value") == 0) {
		x->vtype = NULL;
		x->vtext = NULL;
	} else if (in_value)
		x->vtype = arena_strdup(x->a, name);
	if (x->call != NULL && at(x, "methodCall/params/param")) {
		if (x->call->nparams == XMLRPC_PARAMS_MAX)
			x->bad_params = 1;
		else
			x->call->params[x->call->nparams++] = NULL;
		x->in_param_values = 0;
	}
	if (x->call != NULL && at(x, "methodCall/params/param/value") &&
	    x->in_param_values++ > 0)
		x->bad_params = 1;
	if (at(x, "methodResponse/fault"))
		x->fault = 1;
}

static void
value_end(struct rd *x)
{
	const char	*v = x->vtext;
	int		 is_string;

	if (x->vtype == NULL)
		v = arena_strdup(x->a, buf_str(&x->text));
	is_string = x->vtype == NULL || strcmp(x->vtype, "string") == 0;
	if (x->call != NULL && at(x, "methodCall/params/param/value") &&
	    x->call->nparams > 0 && !x->bad_params)
		x->call->params[x->call->nparams - 1] = is_string ? v : NULL;
	if (at(x, "methodResponse/params/param/value") && is_string)
		x->result = v;
	if (at(x, "methodResponse/fault/value/struct/member/value") &&
	    x->mname != NULL && v != NULL) {
		if (strcmp(x->mname, "faultCode") == 0)
			x->fault_code = atoi(v);
		else if (strcmp(x->mname, "faultString") == 0)
			x->fault_string = v;
	}
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct rd	*x = arg;
	const char	*parent;
	size_t		 n;

	if (x->call != NULL && at(x, "methodCall/methodName"))
		x->call->method = arena_strdup(x->a, buf_str(&x->text));
	if (at(x, "methodResponse/fault/value/struct/member/name"))
		x->mname = arena_strdup(x->a, buf_str(&x->text));
	if (strcmp(name, "value") == 0)
		value_end(x);
	n = x->plen[--x->depth];
	x->path[n] = '\0';
	parent = strrchr(x->path, '/');
	parent = parent != NULL ? parent + 1 : x->path;
	if (strcmp(parent, "value") == 0)
		x->vtext = arena_strdup(x->a, buf_str(&x->text));
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct rd	*x = arg;

	if (x->text.len + (size_t)len <= 64 * 1024)
		buf_add(&x->text, s, (size_t)len);
}

static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	struct rd	*x = arg;

	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	x->dtd = 1;
	XML_StopParser(x->p, XML_FALSE);
}

/* Parse body into x: 0, or a fault code. */
static int
read_doc(struct rd *x, const char *body, size_t n)
{
	enum XML_Error	 e;
	int		 rc = 0;

	if ((x->p = XML_ParserCreate(NULL)) == NULL)
		return XMLRPC_INTERNAL;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	if (n > 1024 * 1024 || XML_Parse(x->p, body, (int)n, XML_TRUE) !=
	    XML_STATUS_OK) {
		e = XML_GetErrorCode(x->p);
		rc = x->dtd || x->too_deep ? XMLRPC_INVALID :
		    e == XML_ERROR_UNKNOWN_ENCODING ||
		    e == XML_ERROR_INCORRECT_ENCODING ? XMLRPC_BAD_ENCODING :
		    XMLRPC_PARSE_ERROR;
	}
	XML_ParserFree(x->p);
	buf_free(&x->text);
	return rc;
}

int
xmlrpc_parse(struct arena *a, const char *body, size_t n,
    struct xmlrpc_call *c)
{
	struct rd	*x;
	int		 rc;

	memset(c, 0, sizeof(*c));
	x = arena_zalloc(a, sizeof(*x));
	x->a = a;
	x->call = c;
	if ((rc = read_doc(x, body, n)) != 0)
		return rc;
	if (c->method == NULL)
		return XMLRPC_INVALID;
	if (x->bad_params)
		return XMLRPC_BAD_PARAMS;
	return 0;
}

int
xmlrpc_answer(struct arena *a, const char *body, size_t n, const char **msg)
{
	struct rd	*x;
	int		 rc;

	x = arena_zalloc(a, sizeof(*x));
	x->a = a;
	if ((rc = read_doc(x, body, n)) != 0) {
		*msg = "the answer is not well-formed XML";
		return rc;
	}
	if (x->fault) {
		*msg = x->fault_string != NULL ? x->fault_string : "";
		return x->fault_code != 0 ? x->fault_code : PINGBACK_ERROR;
	}
	if (x->result == NULL) {
		*msg = "the answer is not an XML-RPC methodResponse";
		return XMLRPC_INVALID;
	}
	*msg = x->result;
	return 0;
}

void
xmlrpc_response(struct buf *out, const char *s)
{
	buf_puts(out, "<?xml version=\"1.0\"?>\n<methodResponse><params>"
	    "<param><value><string>");
	esc_xml(out, s, strlen(s));
	buf_puts(out, "</string></value></param></params>"
	    "</methodResponse>\n");
}

void
xmlrpc_fault(struct buf *out, int code, const char *msg)
{
	buf_printf(out, "<?xml version=\"1.0\"?>\n<methodResponse><fault>"
	    "<value><struct><member><name>faultCode</name><value><int>%d"
	    "</int></value></member><member><name>faultString</name>"
	    "<value><string>", code);
	esc_xml(out, msg, strlen(msg));
	buf_puts(out, "</string></value></member></struct></value></fault>"
	    "</methodResponse>\n");
}

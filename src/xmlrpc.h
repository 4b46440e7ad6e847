/* xmlrpc.h: the XML-RPC that pingback needs: a methodCall read with
   expat, and methodResponse and fault bodies. */
#ifndef QUIRE_XMLRPC_H
#define QUIRE_XMLRPC_H

#include <stddef.h>

struct arena;
struct buf;

/* Fault codes: the interoperability spec's (xmlrpc-epi, 20010516) and
   Pingback 1.0's. */
#define XMLRPC_PARSE_ERROR	(-32700)	/* not well formed */
#define XMLRPC_BAD_ENCODING	(-32701)	/* unsupported encoding */
#define XMLRPC_INVALID		(-32600)	/* not conforming to spec */
#define XMLRPC_NO_METHOD	(-32601)	/* method not found */
#define XMLRPC_BAD_PARAMS	(-32602)	/* invalid method parameters */
#define XMLRPC_INTERNAL		(-32603)	/* internal error */
#define PINGBACK_ERROR		0x0000	/* generic */
#define PINGBACK_NO_SOURCE	0x0010	/* source does not exist */
#define PINGBACK_NO_LINK	0x0011	/* source does not link to target */
#define PINGBACK_NO_TARGET	0x0020	/* target does not exist */
#define PINGBACK_BAD_TARGET	0x0021	/* target cannot be used */
#define PINGBACK_ALREADY	0x0030	/* already registered */
#define PINGBACK_DENIED		0x0031	/* access denied */
#define PINGBACK_UPSTREAM	0x0032	/* could not talk to the server */

#define XMLRPC_PARAMS_MAX	8

/*
 * A methodCall: its method name and its parameters, those that are
 * strings (<string> or an untyped <value>) as text, others as NULL.
 */
struct xmlrpc_call {
	const char	*method;
	const char	*params[XMLRPC_PARAMS_MAX];
	int		 nparams;
};

/*
 * Read the n bytes of body as a methodCall into c (strings in the
 * arena). Returns 0, or the fault code: XMLRPC_PARSE_ERROR (not well
 * formed XML), XMLRPC_BAD_ENCODING, XMLRPC_INVALID (a DTD, or no
 * methodCall with a methodName), XMLRPC_BAD_PARAMS (too many params,
 * or a param without a single value).
 */
int	xmlrpc_parse(struct arena *, const char *body, size_t n,
	    struct xmlrpc_call *c);
/* Append a methodResponse holding the string s to out. */
void	xmlrpc_response(struct buf *out, const char *s);
/* Append a fault methodResponse (faultCode, faultString) to out. */
void	xmlrpc_fault(struct buf *out, int code, const char *msg);
/*
 * From a methodResponse (a pingback server's answer): 0 with the string
 * it holds in *msg, the fault code with its faultString in *msg, or
 * XMLRPC_PARSE_ERROR/XMLRPC_INVALID (*msg says why). In the arena.
 */
int	xmlrpc_answer(struct arena *, const char *body, size_t n,
	    const char **msg);

#endif

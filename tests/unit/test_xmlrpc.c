/* test_xmlrpc.c: unit tests for xmlrpc.c. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "xmlrpc.h"

static int
parse(struct arena *a, const char *s, struct xmlrpc_call *c)
{
	return xmlrpc_parse(a, s, strlen(s), c);
}

static void
test_parse(struct check *c, struct arena *a)
{
	struct xmlrpc_call	 k;
	int			 rc;

	rc = parse(a, "<?xml version=\"1.0\"?>\n<methodCall><methodName>"
	    "pingback.ping</methodName><params><param><value><string>"
	    "http://a/x?a=1&amp;b=2</string></value></param><param><value>"
	    "http://b/y</value></param></params></methodCall>", &k);
	CHECK(c, rc == 0 && strcmp(k.method, "pingback.ping") == 0 &&
	    k.nparams == 2 && strcmp(k.params[0], "http://a/x?a=1&b=2") == 0
	    && strcmp(k.params[1], "http://b/y") == 0, "a pingback.ping "
	    "call, typed and untyped strings");
	rc = parse(a, "<methodCall><methodName>m</methodName><params><param>"
	    "<value><int>4</int></value></param></params></methodCall>", &k);
	CHECK(c, rc == 0 && k.nparams == 1 && k.params[0] == NULL,
	    "a parameter that is no string reads as NULL");
	CHECK(c, parse(a, "<methodCall><methodName>x</methodName>", &k) ==
	    XMLRPC_PARSE_ERROR, "cut off: -32700");
	CHECK(c, parse(a, "", &k) == XMLRPC_PARSE_ERROR, "empty: -32700");
	CHECK(c, parse(a, "<methodResponse/>", &k) == XMLRPC_INVALID,
	    "no methodCall: -32600");
	CHECK(c, parse(a, "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e "
	    "\"x\">]><methodCall><methodName>&e;</methodName></methodCall>",
	    &k) == XMLRPC_INVALID, "a DTD: -32600");
	CHECK(c, parse(a, "<?xml version=\"1.0\" encoding=\"x-nothing\"?>"
	    "<methodCall/>", &k) == XMLRPC_BAD_ENCODING, "an unknown "
	    "encoding: -32701");
	CHECK(c, parse(a, "<methodCall><methodName>m</methodName><params>"
	    "<param><value>a</value><value>b</value></param></params>"
	    "</methodCall>", &k) == XMLRPC_BAD_PARAMS, "two values in a "
	    "param: -32602");
}

static void
test_answer(struct check *c, struct arena *a)
{
	struct buf	 b = { 0 };
	const char	*msg;
	int		 rc;

	xmlrpc_fault(&b, PINGBACK_NO_LINK, "no <link> & such");
	rc = xmlrpc_answer(a, b.p, b.len, &msg);
	CHECK(c, rc == 0x11 && strcmp(msg, "no <link> & such") == 0,
	    "a fault made here reads back: %d %s", rc, msg);
	buf_reset(&b);
	xmlrpc_response(&b, "Thanks & bye");
	rc = xmlrpc_answer(a, b.p, b.len, &msg);
	CHECK(c, rc == 0 && strcmp(msg, "Thanks & bye") == 0, "a response "
	    "reads back");
	rc = xmlrpc_answer(a, "<html>", 6, &msg);
	CHECK(c, rc == XMLRPC_PARSE_ERROR, "HTML is no answer");
	buf_free(&b);
}

int
main(void)
{
	struct check	 c = { 0 };
	struct arena	 a = { 0 };

	test_parse(&c, &a);
	test_answer(&c, &a);
	arena_free(&a);
	return check_done(&c);
}

/*
 * quire.js: the comment-form token nginx writes into a page it serves
 * from quire's page files (quire serve --pages; contrib/nginx.conf), so
 * that every view carries a fresh, single-use token without asking
 * quire. quire checks it on submit (src/antispam.c, token_check_edge):
 *
 *     2.SECONDS.NONCE.NET.MAC
 *
 * SECONDS  when it was made ($msec, whole seconds)
 * NONCE    $request_id: 32 random hex digits, spent by quire when the
 *          comment is stored, so the token works once
 * NET      a keyed hash of the client's network (/24, /56): a comment
 *          from another network is held, not refused
 * MAC      base64url HMAC-SHA-256 of "2.SECONDS.NONCE.NET|PATH", PATH the
 *          page's address: the token is for that post only
 *
 * The keys are in $quire_pages/token.key, written by quire serve from
 * the site's secret. Without it the token is empty, and quire answers
 * the form with one of its own ("please press the button again").
 */
import cr from 'crypto';
import fs from 'fs';

/* The same seeded 32-bit hash as edge_hash32 in src/antispam.c. */
function hash32(seed, s) {
	var h = seed >>> 0;
	for (var i = 0; i < s.length; i++) {
		h = (h ^ s.charCodeAt(i)) >>> 0;
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	h = (h ^ (h >>> 16)) >>> 0;
	h = Math.imul(h, 0x85ebca6b) >>> 0;
	h = (h ^ (h >>> 13)) >>> 0;
	h = Math.imul(h, 0xc2b2ae35) >>> 0;
	h = (h ^ (h >>> 16)) >>> 0;
	return h;
}

function hex(n, width) {
	var s = n.toString(16);
	while (s.length < width)
		s = '0' + s;
	return s;
}

/* An IPv4 address as 4 bytes, or null. */
function v4(a) {
	var p = a.split('.'), b = [];
	if (p.length != 4)
		return null;
	for (var i = 0; i < 4; i++) {
		if (!/^(0|[1-9][0-9]{0,2})$/.test(p[i]) || +p[i] > 255)
			return null;
		b.push(+p[i]);
	}
	return b;
}

/* 16-bit groups of one side of "::", or null. */
function groups(s) {
	var out = [];
	if (s === '')
		return out;
	var p = s.split(':');
	for (var i = 0; i < p.length; i++) {
		if (i == p.length - 1 && p[i].indexOf('.') >= 0) {
			var b = v4(p[i]);
			if (b === null)
				return null;
			out.push(b[0] << 8 | b[1], b[2] << 8 | b[3]);
		} else if (/^[0-9a-fA-F]{1,4}$/.test(p[i]))
			out.push(parseInt(p[i], 16));
		else
			return null;
	}
	return out;
}

/* An IPv6 address as 16 bytes, or null (as inet_pton reads it). */
function v6(a) {
	var halves = a.split('::');
	if (halves.length > 2)
		return null;
	var head = groups(halves[0]);
	var tail = halves.length == 2 ? groups(halves[1]) : [];
	if (head === null || tail === null)
		return null;
	var fill = 8 - head.length - tail.length;
	if (halves.length == 2 ? fill < 1 : fill != 0)
		return null;
	var g = head;
	for (var i = 0; i < fill; i++)
		g.push(0);
	g = g.concat(tail);
	var b = [];
	for (i = 0; i < 8; i++)
		b.push(g[i] >> 8, g[i] & 0xff);
	return b;
}

/* The network as token_network in src/antispam.c writes it. */
function network(addr) {
	var b, s = '', i;
	if ((b = v4(addr)) !== null) {
		for (i = 0; i < 3; i++)
			s += hex(b[i], 2);
		return '4:' + s;
	}
	if ((b = v6(addr)) !== null) {
		for (i = 0; i < 7; i++)
			s += hex(b[i], 2);
		return '6:' + s;
	}
	return '?:' + addr;
}

function token(r) {
	var k;
	try {
		k = fs.readFileSync(r.variables.quire_pages + '/token.key',
		    'utf8').split('\n');
	} catch (e) {
		return '';
	}
	if (k.length < 2 || k[0].length != 64 || k[1].length != 16)
		return '';
	var net = network(r.remoteAddress);
	var nh = hex(hash32(parseInt(k[1].slice(0, 8), 16), net), 8) +
	    hex(hash32(parseInt(k[1].slice(8, 16), 16), net), 8);
	var msg = '2.' + r.variables.msec.split('.')[0] + '.' +
	    r.variables.request_id + '.' + nh;
	return msg + '.' + cr.createHmac('sha256', k[0])
	    .update(msg + '|' + r.variables.request_uri).digest('base64url');
}

export default { token, network };

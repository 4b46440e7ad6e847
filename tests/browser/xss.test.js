#!/usr/bin/env node
/*
 * xss.test.js: a corpus of XSS payloads (tests/browser/xss-payloads.txt,
 * one a line; \n, \t, \\ and \u{HEX} are escapes there, every other
 * backslash is itself) put everywhere a reader or an author can put text,
 * then every page that shows it loaded in Debian's chromium (through
 * playwright-core from tests/node_modules):
 *
 *   (a) comment name, website and text, through the real comment form
 *       (a website quire refuses is sent again as a plain http:// address
 *       with the payload in its path, so that the comment is stored);
 *   (b) post title, Markdown body and tag name (`quire post add' files);
 *   (c) site title and tagline through the admin settings page (or,
 *       were there no /admin/settings, straight into the settings table
 *       with sqlite3, which the run then says);
 *   (d) the search query.
 *
 * Pages checked: each post page (after its comment; with the Reply link
 * clicked too, which runs reply.js), the commenter's edit page, every tag
 * page, /tags/, every home page, search results, and the admin pages that
 * list them (dashboard, posts, each post's editor, comments, tags,
 * settings). In every page window.alert, confirm, prompt, print, eval,
 * Function, string timers and document.write are hooked before any
 * script runs, 'securitypolicyviolation' events are recorded, and no
 * host but 127.0.0.1 resolves (requests for one are noted). A page fails
 * if:
 * a hook fired; a CSP violation happened other than an external image,
 * font or media the policy blocked (a blocked inline script, handler or
 * style means a payload reached an executable position: that fails);
 * the page threw; any element has an on* attribute; a link, image,
 * frame, form or the like points at javascript:, vbscript:, or a data:
 * URL other than an image; or a <script>, <iframe>, <object>, <embed>,
 * <base>, <svg>, <math>, <style> or body <meta>/<link> is there that the
 * theme does not make.
 *
 *   node tests/browser/xss.test.js
 *
 * Starts its own quire and nginx on a free loopback port (stopped by PID
 * at the end, on failure too). Prints `ok N - ...` / `fail N - ...`, then
 * `N passed, N failed`; exits 1 on any failure.
 */
'use strict';

const cp = require('child_process');
const fs = require('fs');
const { freePort, connects, sleep, trackPid } = require('./netutil');
const os = require('os');
const path = require('path');

const TOP = path.resolve(__dirname, '..', '..');
const QUIRE = path.join(TOP, 'quire');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(f =>
	fs.existsSync(f)) || 'nginx';
const CHROMIUM = '/usr/bin/chromium';
const PAYLOADS = path.join(__dirname, 'xss-payloads.txt');
const PASSWORD = 'xss test password 7';
/* Past this, give up: only a hang takes so long. No check depends on how
   fast the run is; the phases' times are printed ("# ... at N s"). */
const DEADLINE_MS = 30 * 60 * 1000;
const started = Date.now();

/* -- results ------------------------------------------------------------ */

let passed = 0, failed = 0, n = 0;

function report(ok, name, detail) {
	n++;
	if (ok)
		passed++;
	else
		failed++;
	console.log((ok ? 'ok ' : 'fail ') + n + ' - ' + name);
	if (!ok && detail)
		for (const line of String(detail).split('\n').slice(0, 12))
			console.log('#   ' + line);
}

/* -- processes (stopped by PID) ------------------------------------------ */

const children = [];		/* { pid, name, proc } of what we started */
let tmpdir = null;

function stopChildren() {
	while (children.length) {
		const c = children.pop();
		try {
			process.kill(c.pid, 'SIGTERM');
		} catch (e) { /* gone already */ }
	}
}
process.on('exit', stopChildren);

/* Stop both servers by PID, wait for them, remove the directory. */
async function cleanUp() {
	const procs = children.map(c => c.proc);
	stopChildren();
	await Promise.all(procs.map(p => p.exitCode !== null ||
	    p.signalCode !== null ? null : new Promise(resolve => {
		const t = setTimeout(resolve, 10000);
		p.on('exit', () => { clearTimeout(t); resolve(); });
	})));
	if (tmpdir)
		fs.rmSync(tmpdir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'])
	process.on(sig, () => {
		stopChildren();
		process.exit(130);
	});

let finishing = false;

async function finish() {
	if (finishing)
		return;
	finishing = true;
	try {
		await cleanUp();
	} catch (e) { /* the result below matters more */ }
	console.log(passed + ' passed, ' + failed + ' failed');
	process.exit(failed ? 1 : 0);
}

function die(what, e) {
	report(false, what, e && e.stack || e);
	finish();
}
process.on('uncaughtException', e => die('uncaught exception', e));
process.on('unhandledRejection', e => die('unhandled rejection', e));

let chromium;
try {
	({ chromium } = require(path.join(TOP, 'tests', 'node_modules',
	    'playwright-core')));
} catch (e) {
	die('playwright-core in tests/node_modules (cd tests && npm install)',
	    e);
}

function run(args, input) {
	let p;
	/* A binary being relinked (make in another shell) cannot be run
	   for a moment (ETXTBSY): try again a few times. */
	for (let k = 0; k < 20; k++) {
		p = cp.spawnSync(args[0], args.slice(1), { cwd: TOP,
		    input: input || '', encoding: 'utf8', timeout: 60000 });
		if (!p.error && p.status !== null)
			break;
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0,
		    250);
	}
	return { code: p.status, out: p.stdout || '', err: (p.stderr || '') +
	    (p.error ? String(p.error) : '') + (p.signal ? ' killed by ' +
	    p.signal : '') };
}

function must(args, input) {
	const p = run(args, input);
	if (p.code !== 0)
		throw new Error(args.join(' ') + ': exit ' + p.code + '\n' + p.err);
	return p.out;
}

/* -- the corpus ------------------------------------------------------------ */

function unescape(line) {
	return line.replace(/\\(n|t|\\|u\{([0-9a-fA-F]+)\})/g, (m, c, hex) =>
	    c === 'n' ? '\n' : c === 't' ? '\t' : c === '\\' ? '\\' :
	    String.fromCodePoint(parseInt(hex, 16)));
}

const payloads = fs.readFileSync(PAYLOADS, 'utf8').split('\n')
    .filter(l => l !== '').map(unescape);

/* One line, no NUL or other controls: for a title, a tag, a name. */
function oneLine(s) {
	return s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function noControls(s) {
	return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/* A website address quire takes, the payload in its path. */
function safeUrl(s) {
	return 'http://x.example/' +
	    oneLine(s).replace(/[\s"<>\\\u0000-\u0020\u007f]/g, '');
}

/* -- what runs in every page before its own scripts ------------------------ */

const HOOKS = `(() => {
	const fired = [], csp = [];
	Object.defineProperty(window, '__xss', { value: fired });
	Object.defineProperty(window, '__csp', { value: csp });
	const rec = (sink, a) => fired.push(sink + '(' +
	    String(a && a[0]).slice(0, 120) + ')');
	/* playwright's own page.evaluate goes through eval: not counted. */
	const ours = () => /UtilityScript|__playwright/.test(
	    new Error().stack || '');
	for (const name of ['alert', 'confirm', 'prompt', 'print'])
		window[name] = function (...a) { rec(name, a); };
	const E = window.eval;
	window.eval = function (...a) {
		if (!ours())
			rec('eval', a);
		return E.apply(this, a);
	};
	const F = window.Function;
	window.Function = new Proxy(F, {
		apply(t, self, a) {
			if (!ours())
				rec('Function', a);
			return Reflect.apply(t, self, a);
		},
		construct(t, a, nt) {
			if (!ours())
				rec('Function', a);
			return Reflect.construct(t, a, nt);
		}
	});
	for (const name of ['setTimeout', 'setInterval']) {
		const orig = window[name];
		window[name] = function (fn, ...rest) {
			if (typeof fn === 'string') {
				rec(name, [fn]);
				return 0;
			}
			return orig.call(this, fn, ...rest);
		};
	}
	for (const name of ['write', 'writeln'])
		Document.prototype[name] = function (...a) { rec('document.' +
		    name, a); };
	document.addEventListener('securitypolicyviolation', e => csp.push({
		directive: e.effectiveDirective || e.violatedDirective,
		blocked: e.blockedURI, sample: e.sample,
		source: e.sourceFile, line: e.lineNumber }));
})();`;

/* In the page after it loaded: what the hooks saw, and markup that must
   not be there. (Run by page.evaluate as a function: a string would go
   through the page's eval, which is hooked.) */
function inspect() {
	const out = [];
	const norm = v => v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
	    .toLowerCase();
	const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'data',
	    'xlink:href', 'poster', 'background', 'lowsrc', 'dynsrc',
	    'codebase', 'cite', 'ping', 'srcset', 'manifest', 'icon'];
	const IMAGES = ['IMG', 'SOURCE', 'PICTURE'];
	const FORBIDDEN = ['IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED',
	    'APPLET', 'BASE', 'SVG', 'MATH', 'XMP', 'PLAINTEXT', 'ISINDEX',
	    'MARQUEE', 'BGSOUND', 'PORTAL', 'TEMPLATE'];
	const what = el => '<' + el.tagName.toLowerCase() +
	    (el.id ? '#' + el.id : '') + '>';
	for (const el of document.querySelectorAll('*')) {
		const tag = el.tagName.toUpperCase();
		for (const at of el.attributes) {
			const name = at.name.toLowerCase();
			const v = norm(at.value);
			if (name.startsWith('on'))
				out.push(what(el) + ' has ' + name + '=' +
				    at.value.slice(0, 60));
			if (name === 'srcdoc' || name === 'style')
				out.push(what(el) + ' has ' + name + '=');
			if (!URL_ATTRS.includes(name))
				continue;
			if (/^(javascript|vbscript|livescript|mocha):/.test(v) ||
			    /(^|[\s,])(javascript|vbscript):/.test(v) ||
			    (v.startsWith('data:') && !(IMAGES.includes(tag) &&
			    /^data:image\/(png|gif|jpe?g|webp)[;,]/.test(v))))
				out.push(what(el) + ' ' + name + '=' +
				    at.value.slice(0, 80));
		}
		if (FORBIDDEN.includes(tag))
			out.push(what(el) + ' is in the page');
		if (tag === 'SCRIPT') {
			const src = el.getAttribute('src') || '';
			if (!/^\/static\/[a-z]+\.js$/.test(src))
				out.push('a <script> not ours: src=' + src + ' ' +
				    el.textContent.slice(0, 60));
		}
		if (['STYLE', 'META', 'LINK'].includes(tag) &&
		    el.closest('body'))
			out.push(what(el) + ' in the body');
		if (tag === 'FORM') {
			const a = el.getAttribute('action') || '';
			if (!/^\/[a-z]/.test(a))
				out.push('a form to ' + a);
		}
		if (tag === 'A' || tag === 'AREA') {
			/* An empty or unparsable href goes nowhere. */
			const h = (el.getAttribute('href') || '').trim();
			let proto = null;
			try {
				proto = h && new URL(h, document.baseURI).protocol;
			} catch (e) { /* not a URL: not followed */ }
			if (proto && !/^(https?|mailto):$/.test(proto))
				out.push(what(el) + ' goes to ' + proto + ' ' +
				    h.slice(0, 60));
		}
	}
	return { fired: window.__xss || null, csp: window.__csp || null,
	    dom: out };
}

/* -- the servers ------------------------------------------------------------- */

async function startServers() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-xss-'));
	tmpdir = dir;
	const port = await freePort();
	const db = path.join(dir, 'blog.db');
	const sock = path.join(dir, 'quire.sock');
	const base = 'http://127.0.0.1:' + port;
	must([QUIRE, 'init', '--db', db, '--title', 'XSS Test Blog',
	    '--base-url', base]);
	must([QUIRE, 'user', 'add', '--db', db, '--login', 'admin', '--name',
	    'Ada Admin', '--email', 'ada@example.org', '--role', 'admin'],
	    PASSWORD + '\n');
	must(['sqlite3', db, "INSERT INTO settings(key, value) VALUES " +
	    "('min_fill_seconds', '0'), ('flood_seconds', '0'), " +
	    "('rate_limit', '10000'), ('moderation', 'none'), " +
	    "('link_limit', '1000') ON CONFLICT(key) DO UPDATE SET " +
	    "value = excluded.value"]);
	return { dir, port, db, sock, base };
}

async function serve(s) {
	const q = cp.spawn(QUIRE, ['serve', '--db', s.db, '--listen',
	    'unix:' + s.sock, '--workers', '2', '--socket-mode', '666'], {
		cwd: TOP, stdio: ['ignore', 'ignore',
		    fs.openSync(path.join(s.dir, 'quire.log'), 'a')] });
	trackPid(q, [QUIRE, 'serve', '--db', s.db]);
	children.push({ pid: q.pid, name: 'quire', proc: q });
	for (let i = 0; !fs.existsSync(s.sock); i++) {
		if (i > 500 || q.exitCode !== null)
			throw new Error('quire did not start');
		await sleep(20);
	}
	const conf = must(['sh', path.join(TOP, 'contrib', 'nginx-local.sh'),
	    s.dir, String(s.port), s.sock, path.join(TOP, 'static'), '2']);
	fs.writeFileSync(path.join(s.dir, 'nginx.conf'), conf);
	const ng = cp.spawn(NGINX, ['-p', s.dir, '-c',
	    path.join(s.dir, 'nginx.conf'), '-e', path.join(s.dir, 'err'),
	    '-g', 'daemon off;'], { stdio: 'ignore' });
	trackPid(ng, [NGINX, '-p', s.dir]);
	children.push({ pid: ng.pid, name: 'nginx', proc: ng });
	for (let i = 0; !(await connects(s.port)); i++) {
		if (i > 500 || ng.exitCode !== null)
			throw new Error('nginx did not start');
		await sleep(20);
	}
}

/* -- (b) posts, before the server starts -------------------------------------- */

function addPosts(s) {
	const posts = [];
	const notes = [];
	payloads.forEach((p, i) => {
		const date = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()
		    .replace(/\.000Z$/, 'Z');
		const file = path.join(s.dir, 'post-' + i + '.md');
		const title = oneLine(p).trim() || 'payload ' + i;
		const tries = [
			[title, oneLine(p).trim() + ', xss', noControls(p)],
			[title, 'xss', noControls(p)],
			['Payload ' + i, 'xss', noControls(p)],
		];
		for (let t = 0; t < tries.length; t++) {
			const [ti, tags, body] = tries[t];
			fs.writeFileSync(file, 'title: ' + ti + '\nslug: xss-' +
			    i + '\ndate: ' + date + '\ntags: ' + tags +
			    '\n\n' + body + '\n');
			const r = run([QUIRE, 'post', 'add', '--db', s.db, file]);
			if (r.code === 0) {
				posts.push({ i, url: r.out.trim(),
				    path: new URL(r.out.trim()).pathname });
				if (t > 0)
					notes.push('payload ' + (i + 1) + ': ' +
					    (t === 1 ? 'as a tag' : 'as a title') +
					    ' refused by quire post add: ' +
					    r.err.trim().slice(0, 120));
				return;
			}
		}
		posts.push({ i, url: null, path: null });
		notes.push('payload ' + (i + 1) + ': no post could be made');
	});
	return { posts, notes };
}

/* -- checking a page ---------------------------------------------------------- */

const BENIGN_DIRECTIVES = ['img-src', 'media-src', 'font-src'];
/* Console errors (a payload's <img src=x> that is not found, and CSP
   reports, which the violation events count already): noted only. */
const consoleErrors = [];

function attach(page, log) {
	page.on('pageerror', e => log.errors.push(String(e.message ||
	    e).slice(0, 200)));
	page.on('console', m => {
		if (m.type() === 'error')
			consoleErrors.push(m.text().slice(0, 200));
	});
}

/* Problems of the page as it is now (after load or a click). */
async function problems(page, log, label) {
	await sleep(10);	/* autofocus, ontoggle and violations are async */
	const out = [];
	let state;
	try {
		state = await page.evaluate(inspect);
	} catch (e) {
		return [label + ': could not inspect the page: ' + e.message];
	}
	if (state.fired === null)
		out.push('the hooks were not installed');
	else
		for (const f of state.fired)
			out.push('hook fired: ' + f);
	for (const v of state.csp || []) {
		const external = /^https?:/.test(v.blocked || '') &&
		    !(v.blocked || '').startsWith(log.base);
		if (BENIGN_DIRECTIVES.includes(v.directive) && external) {
			log.benign.push(v.directive + ' ' + v.blocked);
			continue;
		}
		out.push('CSP violation: ' + v.directive + ' blocked ' +
		    v.blocked + ' sample ' + JSON.stringify(v.sample || ''));
	}
	for (const d of state.dom)
		out.push(d);
	for (const e of log.errors.splice(0))
		out.push('page error: ' + e);
	return out.map(p => label + ': ' + p);
}

async function visit(page, log, url, label) {
	let resp;
	log.errors.length = 0;
	try {
		resp = await page.goto(url, { waitUntil: 'load' });
	} catch (e) {
		return { status: 0, problems: [label + ': ' + e.message] };
	}
	const status = resp ? resp.status() : 0;
	const out = await problems(page, log, label);
	if (status >= 500 || status === 0)
		out.push(label + ': status ' + status);
	return { status, problems: out };
}

/* -- the run ------------------------------------------------------------------ */

const WORKERS = 3;		/* browser pages working side by side */

/* Run fn(worker, item) for every item, WORKERS at a time. */
async function pool(workers, items, fn) {
	let next = 0;
	await Promise.all(workers.map(async w => {
		while (next < items.length) {
			const item = items[next++];
			await fn(w, item);
			if (Date.now() - started > DEADLINE_MS)
				throw new Error('still running after ' +
				    DEADLINE_MS / 60000 + ' minutes: a hang?');
		}
	}));
}

function phase(what) {
	console.log('# ' + what + ' at ' + ((Date.now() - started) / 1000)
	    .toFixed(1) + ' s');
}

async function main() {
	const s = await startServers();
	const { posts, notes } = addPosts(s);
	await serve(s);
	phase(payloads.length + ' payloads, blog at ' + s.base);

	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-quic', '--no-first-run',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync',
		    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']
	});
	const external = [];
	const benign = [];
	async function context(pages) {
		const ctx = await browser.newContext();
		await ctx.addInitScript(HOOKS);
		/* Nothing leaves the site: the browser resolves no other
		   host (--host-resolver-rules); what tried is noted. */
		ctx.on('request', req => {
			const u = req.url();
			if (!u.startsWith(s.base + '/') && !u.startsWith('data:'))
				external.push(u);
		});
		ctx.setDefaultTimeout(15000);
		const out = [];
		for (let k = 0; k < pages; k++) {
			const page = await ctx.newPage();
			const log = { errors: [], benign,
			    base: s.base };
			attach(page, log);
			out.push({ ctx, page, log });
		}
		return out;
	}
	try {
		await selfTest(await context(1));
		/* A visitor per worker (each its own cookies), one admin. */
		const visitors = [];
		for (let k = 0; k < WORKERS; k++)
			visitors.push(...await context(1));
		const admins = await context(WORKERS);
		await runAll(s, posts, visitors, admins);
		report(true, 'notes: ' + (notes.length ? notes.join('; ') :
		    'every payload went in everywhere') + '; external loads ' +
		    'the CSP blocked: ' + benign.length + '; requests for ' +
		    'other hosts (none resolves): ' + external.length +
		    '; console errors: ' + consoleErrors.length);
		const kinds = {};
		for (const e of consoleErrors) {
			const k = e.replace(/https?:\/\/\S+/g, 'URL')
			    .slice(0, 70);
			kinds[k] = (kinds[k] || 0) + 1;
		}
		for (const [k, c] of Object.entries(kinds))
			console.log('# console: ' + c + ' x ' + k);
	} finally {
		await browser.close();
	}
	phase('done');
	console.log('# payloads tried: ' + payloads.length + ' (as comment ' +
	    'name, website and text; post title, body and tag; site title ' +
	    'and tagline; search query)');
	finish();
}

/* The checks themselves: a page that runs a payload, and one whose CSP
   blocks it, must both be caught. */
async function selfTest([w]) {
	const bad = 'data:text/html,' + encodeURIComponent('<!DOCTYPE html>' +
	    '<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>' +
	    '<script>eval("1")</script>');
	let r = await visit(w.page, w.log, bad, 'control');
	const got = r.problems.join('\n');
	report(/hook fired: alert/.test(got) && /has onerror=/.test(got) &&
	    /goes to javascript:/.test(got) && /hook fired: eval/.test(got) &&
	    /a <script> not ours/.test(got), 'the checks catch a page that ' +
	    'runs payloads', got);
	const blocked = 'data:text/html,' + encodeURIComponent(
	    '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" ' +
	    'content="script-src \'none\'"><p>x</p>' +
	    '<script>alert(1)</script>');
	r = await visit(w.page, w.log, blocked, 'control');
	const got2 = r.problems.join('\n');
	report(/CSP violation: script-src/.test(got2) &&
	    !/hook fired/.test(got2), 'the checks catch a script the CSP ' +
	    'blocked', got2);
	await w.ctx.close();
}

/* Fill the comment form as typed and press the button; the status of
   POST /comment. */
async function sendForm(page, name, email, url, text) {
	await page.evaluate(([n, e, u, t]) => {
		const f = document.getElementById('commentform');
		f.elements.author.value = n;
		f.elements.email.value = e;
		f.elements.url.value = u;
		f.elements.comment.value = t;
	}, [name, email, url, text]);
	const [resp] = await Promise.all([
		page.waitForResponse(r => r.request().method() === 'POST' &&
		    r.url().endsWith('/comment')),
		page.click('#submit')]);
	await page.waitForLoadState('load');
	return resp.status();
}

/* (a) the payload as a comment on its post, then (b) that post page with
   the comment, Reply pressed, the writer's edit page; (d) the payload as
   the search query. Returns { issues, tries, tags }. */
async function onePayload(v, post) {
	const i = post.i, p = payloads[i], page = v.page;
	const issues = [], tags = [];
	let r = await visit(page, v.log, v.log.base + post.path, 'post page');
	issues.push(...r.problems);
	const email = 'x' + i + '@example.org';
	const attempts = [
		[p, email, p, p],
		[p, email, safeUrl(p), p],
		[noControls(oneLine(p)).trim() || 'name ' + i, email,
		    safeUrl(p), noControls(p).trim() || 'text ' + i],
	];
	let status = 0, tries = 0;
	for (const [name, em, url, text] of attempts) {
		tries++;
		try {
			status = await sendForm(page, name, em, url, text);
		} catch (e) {
			issues.push('sending the form: ' + e.message);
			break;
		}
		issues.push(...await problems(page, v.log, 'after posting (' +
		    status + ')'));
		if (status === 303)
			break;
		if (status >= 500)
			issues.push('POST /comment answered ' + status);
	}
	const m = /#comment-(\d+)$/.exec(page.url());
	if (status !== 303 || !m) {
		issues.push('the comment was not accepted even with a plain ' +
		    'website (last status ' + status + ')');
	} else {
		const id = m[1];
		const fn = await page.$('#comment-' + id + ' .fn');
		if (fn === null)
			issues.push('comment ' + id + ' is not on the page');
		else {
			/* The name is shown as the very text typed (less the
			   line breaks an input drops, and the spaces around). */
			const typed = attempts[tries - 1][0].replace(/[\r\n]/g,
			    '').trim();
			const shown = (await fn.textContent()).trim();
			if (shown !== typed)
				issues.push('the name shows as ' +
				    JSON.stringify(shown) + ', typed ' +
				    JSON.stringify(typed));
		}
		for (const el of await page.$$('a[rel="tag"]'))
			tags.push(new URL(await el.getAttribute('href'),
			    page.url()).pathname);
		/* reply.js moves the form under the comment, naming its
		   writer. */
		const reply = await page.$('#comment-' + id +
		    ' .comment-reply-link');
		if (reply) {
			await reply.click();
			await page.waitForLoadState('load');
			issues.push(...await problems(page, v.log,
			    'Reply pressed'));
		} else
			issues.push('no Reply link on comment ' + id);
		/* The writer's own edit page shows the source again. */
		const edit = await page.$('#comment-' + id +
		    ' .comment-edit-link');
		if (edit) {
			const href = await edit.getAttribute('href');
			r = await visit(page, v.log, new URL(href,
			    page.url()).href, 'edit page');
			issues.push(...r.problems);
		}
	}
	r = await visit(page, v.log, v.log.base + '/search?q=' +
	    encodeURIComponent(p), 'search');
	issues.push(...r.problems);
	if (r.status !== 200 && r.status !== 400)
		issues.push('search: status ' + r.status);
	return { issues, tries, tags, search: r.status };
}

async function runAll(s, posts, visitors, admins) {
	const base = s.base;

	/* (a), (b), (d) per payload. */
	const results = [];
	await pool(visitors, posts.filter(p => p.path), async (v, post) => {
		results[post.i] = await onePayload(v, post);
	});
	phase('comments, post pages and searches done');
	const tagPages = new Set();
	const searches = {};
	posts.forEach(post => {
		const i = post.i;
		const label = 'payload ' + (i + 1) + ' ' +
		    JSON.stringify(payloads[i].slice(0, 50));
		const res = results[i];
		if (!post.path || !res) {
			report(false, label + ': no post to show it on');
			return;
		}
		res.tags.forEach(t => tagPages.add(t));
		searches[res.search] = (searches[res.search] || 0) + 1;
		report(res.issues.length === 0, label + ': comment name, ' +
		    'website, text; post title, body, tag; search query' +
		    (res.tries > 1 ? ' (website refused as typed, sent ' +
		    'again as http://)' : ''), res.issues.join('\n'));
	});
	console.log('# search statuses: ' + JSON.stringify(searches));

	/* Tag pages, the tag list, the home pages, search hits. */
	const extra = ['/tags/', '/'];
	for (let k = 2; k <= Math.ceil(posts.length / 10) + 1; k++)
		extra.push('/page/' + k + '/');
	for (const w of ['alert', 'script', 'onerror', 'javascript', 'img',
	    'svg', 'click', 'x', 'http', 'constructor'])
		extra.push('/search?q=' + w, '/search?q=' + w + '&page=2');
	const lists = [...tagPages, ...extra];
	const bad = {};
	let home404 = 0;
	await pool(visitors, lists, async (v, u) => {
		const r = await visit(v.page, v.log, base + u, u);
		if (r.status === 404 && u.startsWith('/page/')) {
			home404++;
			return;
		}
		if (r.status !== 200)
			r.problems.push(u + ': status ' + r.status);
		if (r.problems.length)
			bad[u] = r.problems;
	});
	phase('lists done');
	const tagBad = [...tagPages].filter(u => bad[u]);
	report(tagPages.size > 0 && tagBad.length === 0, tagPages.size +
	    ' tag pages', tagBad.map(u => bad[u].join('\n')).join('\n'));
	const extraBad = extra.filter(u => bad[u]);
	report(extraBad.length === 0, (extra.length - home404) + ' lists: ' +
	    '/tags/, every home page, search results that show the ' +
	    'payload posts', extraBad.map(u => bad[u].join('\n'))
	    .join('\n'));

	/* The admin: log in through the form, then every list and editor. */
	const ap = admins[0].page;
	await ap.goto(base + '/admin/login');
	await ap.fill('#login', 'admin');
	await ap.fill('#password', PASSWORD);
	await Promise.all([ap.waitForURL(/\/admin\/$/),
	    ap.click('button[type="submit"]')]);
	let issues = await problems(ap, admins[0].log, '/admin/');
	const adminLists = ['/admin/tags', '/admin/comments',
	    '/admin/settings', '/admin/users'];
	for (let k = 1; k <= Math.ceil(posts.length / 10); k++)
		adminLists.push('/admin/posts?page=' + k,
		    '/admin/comments?status=approved&page=' + k);
	await pool(admins, adminLists, async (a, u) => {
		const r = await visit(a.page, a.log, base + u, u);
		issues.push(...r.problems);
		if (r.status !== 200)
			issues.push(u + ': status ' + r.status);
	});
	report(issues.length === 0, 'admin dashboard, lists of posts, ' +
	    'comments and tags, settings, users', issues.join('\n'));
	issues = [];
	const ids = {};
	for (const line of must(['sqlite3', s.db, "SELECT slug, id FROM " +
	    "posts WHERE slug LIKE 'xss-%'"]).split('\n').filter(Boolean)) {
		const [slug, id] = line.split('|');
		ids[slug] = id;
	}
	await pool(admins, posts.filter(p => p.path), async (a, post) => {
		const what = 'editor of payload ' + (post.i + 1);
		const r = await visit(a.page, a.log, base + '/admin/posts/' +
		    ids['xss-' + post.i], what);
		issues.push(...r.problems);
		if (r.status !== 200)
			issues.push(what + ': status ' + r.status);
	});
	report(issues.length === 0, 'the post editor of every payload post',
	    issues.join('\n'));
	phase('admin done');

	/* (c) site title and tagline, through the settings form. */
	const chunks = (limit) => {
		const out = [];
		let cur = '';
		for (const p of payloads.map(x => noControls(oneLine(x)))) {
			const next = cur ? cur + ' | ' + p : p;
			if (Buffer.byteLength(next) > limit) {
				if (cur)
					out.push(cur);
				cur = Buffer.byteLength(p) > limit ? '' : p;
			} else
				cur = next;
		}
		if (cur)
			out.push(cur);
		return out;
	};
	/* Each round: the tagline holds as many payloads as fit its 500
	   bytes, the title as many of those as fit its 200. */
	const descs = chunks(500);
	const titles = descs.map(d => {
		let t = '';
		for (const part of d.split(' | ')) {
			const next = t ? t + ' | ' + part : part;
			if (Buffer.byteLength(next) > 200)
				break;
			t = next;
		}
		return t || 'XSS Test Blog';
	});
	const rounds = descs.length;
	const firstPost = posts.find(p => p.path);
	const al = admins[0].log;
	let saved = 0;
	const sq = t => "'" + t.replace(/'/g, "''") + "'";
	let viaSql = false;
	for (let k = 0; k < rounds; k++) {
		issues = [];
		let r = await visit(ap, al, base + '/admin/settings',
		    'settings');
		if (r.status === 404) {
			/* No settings page (yet): the table, then. */
			viaSql = true;
			must(['sqlite3', s.db, 'INSERT INTO settings(key, value) ' +
			    "VALUES ('title', " + sq(titles[k]) + "), " +
			    "('description', " + sq(descs[k]) + ') ON CONFLICT' +
			    '(key) DO UPDATE SET value = excluded.value']);
			saved++;
		} else {
			issues.push(...r.problems);
			await ap.fill('#set-title', titles[k]);
			await ap.fill('#set-description', descs[k]);
			const [resp] = await Promise.all([
				ap.waitForResponse(x => x.request().method() ===
				    'POST'),
				ap.click('button[name="save"]')]);
			await ap.waitForLoadState('load');
			const st = resp.status();
			issues.push(...await problems(ap, al,
			    'settings saved (' + st + ')'));
			if (st === 303)
				saved++;
			else
				issues.push('settings answered ' + st + ': ' +
				    (await ap.textContent('body')).slice(0,
				    300));
		}
		const pages = ['/', firstPost.path, '/tags/', '/no-such/',
		    '/search?q=x', '/admin/'];
		await pool([...visitors, admins[1]], pages, async (w, u) => {
			r = await visit(w.page, w.log, base + u, u);
			issues.push(...r.problems);
		});
		report(issues.length === 0, 'site title and tagline, round ' +
		    (k + 1) + ' of ' + rounds + ', on public and admin pages',
		    issues.join('\n'));
	}
	report(saved === rounds, (viaSql ? 'no /admin/settings: title ' +
	    'and tagline set with sqlite3 in the settings table' :
	    'the settings form took every round') + ' (' + saved + ' of ' +
	    rounds + ')');
}

main().catch(e => die('the run', e));

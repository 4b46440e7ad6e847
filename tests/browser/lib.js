'use strict';
/*
 * lib.js: what the browser tests share. A real quire behind real nginx on
 * a free loopback port, with `quire demo` content and a test post that
 * holds every kind of wide content (table, code, image, long words);
 * Debian's chromium through playwright-core; the list of every page type,
 * public and admin, and how to reach each.
 *
 * Both servers are stopped by PID in stop(), which also runs on exit,
 * SIGINT, SIGTERM and an uncaught exception.
 */
const fs = require('fs');
const os = require('os');
const { freePort, connects, sleep, trackPid } = require('./netutil');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const TOP = path.resolve(__dirname, '..', '..');
const QUIRE = process.env.QUIRE || path.join(TOP, 'quire');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(f =>
	fs.existsSync(f)) || 'nginx';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN_PASSWORD = 'browser test password 9';
/* Forms sent faster than this are refused by quire (min_fill_seconds). */
const MIN_FILL_MS = 3300;

const children = [];		/* { pid, name } of what we started */
const tmpDirs = [];		/* removed at exit unless KEEP_TMP is set */

function stopChildren() {
	while (children.length) {
		const c = children.pop();
		try { process.kill(c.pid, 'SIGTERM'); } catch (e) { /* gone */ }
	}
	while (tmpDirs.length && !process.env.KEEP_TMP) {
		try {
			fs.rmSync(tmpDirs.pop(), { recursive: true, force: true });
		} catch (e) { /* nothing to do */ }
	}
}

/* A new temporary directory, removed at exit (on a signal too). */
function tempDir(prefix) {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tmpDirs.push(d);
	return d;
}
process.on('exit', stopChildren);
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.on(sig, () => {
		console.log(`fail - interrupted by ${sig}`);
		stopChildren();
		process.exit(130);
	});
}
process.on('uncaughtException', (e) => {
	console.log('fail - uncaught exception: ' + (e && e.stack || e));
	stopChildren();
	process.exit(1);
});
process.on('unhandledRejection', (e) => {
	console.log('fail - unhandled rejection: ' + (e && e.stack || e));
	stopChildren();
	process.exit(1);
});

function quire(db, args, input) {
	const p = spawnSync(QUIRE, args.concat(['--db', db]), {
		cwd: TOP, input: input || '', encoding: 'utf8', timeout: 60000,
	});
	if (p.status !== 0)
		throw new Error('quire ' + args.join(' ') + ': exit ' + p.status +
		    '\n' + p.stderr);
	return p.stdout.trim();
}

/* A post with everything that could make a page wider than a phone. */
const WIDE_POST = `title: Typography Test Card
slug: typography-test-card
date: 2024-06-01 10:00
tags: Typography

A paragraph with *emphasis*, **strong text**, \`inline code\`, a
[link](/about/) and a very long word:
Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt.
And a long address: https://example.org/a/very/long/path/that/does/not/break/anywhere/by/itself/at/all.html

> A blockquote: the best fertiliser is the gardener's shadow, and the
> second best is well-rotted manure.

\`\`\`
$ ./configure --prefix=/usr/local && make && make check && sudo make install # a line far longer than any phone is wide
\`\`\`

TABLE

![The quire logo, drawn large](/static/favicon.svg)

1. A numbered list item.
2. Another, with \`code\`.

- A bulleted item.
- Another one.
`;

/* cmark makes no tables: they come with imported WordPress posts, whose
   HTML is stored as it is. So the test post gets one the same way. */
const WIDE_TABLE = '<table><thead><tr><th>Crop</th><th>Sown</th>' +
    '<th>Planted out</th><th>Harvested</th><th>Yield (kg)</th>' +
    '<th>Notes on the season</th></tr></thead><tbody>' +
    '<tr><td>Broad beans</td><td>2024-03-02</td><td>2024-04-10</td>' +
    '<td>2024-06-20</td><td>4.5</td><td>Blackfly on the tips in May</td>' +
    '</tr><tr><td>Onions</td><td>2024-03-16</td><td>2024-03-16</td>' +
    '<td>2024-08-01</td><td>7.0</td><td>Sets, not seed; a few bolted</td>' +
    '</tr></tbody></table>\n';

function addTable(db, slug) {
	const py = 'import sqlite3, sys\n' +
	    'c = sqlite3.connect(sys.argv[1])\n' +
	    'n = c.execute("UPDATE posts SET body_html = replace(body_html, ' +
	    '\'<p>TABLE</p>\', ?) WHERE slug = ?", (sys.argv[3], ' +
	    'sys.argv[2])).rowcount\n' +
	    'c.commit()\nsys.exit(0 if n == 1 else 1)\n';
	const p = spawnSync('/usr/bin/python3', ['-c', py, db, slug, WIDE_TABLE],
	    { encoding: 'utf8' });
	if (p.status !== 0)
		throw new Error('could not put a table in the test post: ' +
		    p.stderr);
}

/*
 * Start quire and nginx in a new temporary directory, with the demo
 * content and (unless opts.card is false) the test card post. Returns
 * { base, port, dir, db, cardPath, stop() }.
 */
async function startBlog(opts = {}) {
	if (!fs.existsSync(QUIRE))
		throw new Error('no ' + QUIRE + ': run make first');
	const dir = tempDir('quire-browser-');
	const port = await freePort();
	const base = 'http://127.0.0.1:' + port;
	const db = path.join(dir, 'blog.db');
	const sock = path.join(dir, 'quire.sock');
	quire(db, ['init', '--title', 'Notes from the Allotment',
	    '--base-url', base, '--timezone', 'Europe/London']);
	quire(db, ['user', 'add', '--login', 'admin', '--name', 'Alex Morgan',
	    '--email', 'admin@example.org', '--role', 'admin'],
	    ADMIN_PASSWORD + '\n');
	quire(db, ['demo']);
	let cardUrl = null;
	if (opts.card !== false) {
		const card = path.join(dir, 'card.md');
		fs.writeFileSync(card, WIDE_POST);
		cardUrl = quire(db, ['post', 'add', card]);
		addTable(db, 'typography-test-card');
	}

	const log = fs.openSync(path.join(dir, 'quire.log'), 'a');
	const q = spawn(QUIRE, ['serve', '--db', db, '--listen', 'unix:' + sock,
	    '--workers', '2', '--socket-mode', '666',
	    '--templates', path.join(TOP, 'templates')],
	    { cwd: TOP, stdio: ['ignore', log, log] });
	trackPid(q, [QUIRE, 'serve', '--db', db]);
	children.push({ pid: q.pid, name: 'quire' });
	for (let i = 0; !fs.existsSync(sock); i++) {
		if (i > 200 || q.exitCode !== null)
			throw new Error('quire did not start:\n' +
			    fs.readFileSync(path.join(dir, 'quire.log'), 'utf8'));
		await sleep(25);
	}
	const conf = spawnSync('sh', [path.join(TOP, 'contrib', 'nginx-local.sh'),
	    dir, String(port), sock, path.join(TOP, 'static'), '2'],
	    { encoding: 'utf8' });
	if (conf.status !== 0)
		throw new Error('nginx-local.sh: ' + conf.stderr);
	fs.writeFileSync(path.join(dir, 'nginx.conf'), conf.stdout);
	const n = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'),
	    '-e', path.join(dir, 'nginx.err'), '-g', 'daemon off;'],
	    { stdio: ['ignore', 'ignore', log] });
	trackPid(n, [NGINX, '-p', dir]);
	children.push({ pid: n.pid, name: 'nginx' });
	for (let i = 0; !(await connects(port)); i++) {
		if (i > 200 || n.exitCode !== null)
			throw new Error('nginx did not start');
		await sleep(25);
	}

	async function stop() {
		for (const c of [n, q]) {
			if (c.exitCode !== null || c.signalCode !== null)
				continue;
			const done = new Promise(r => c.once('exit', r));
			try { process.kill(c.pid, 'SIGTERM'); } catch (e) { continue; }
			await Promise.race([done, sleep(10000)]);
			if (c.exitCode === null && c.signalCode === null) {
				try { process.kill(c.pid, 'SIGKILL'); } catch (e) { /* */ }
			}
			const i = children.findIndex(x => x.pid === c.pid);
			if (i >= 0)
				children.splice(i, 1);
		}
		if (!process.env.KEEP_TMP)
			fs.rmSync(dir, { recursive: true, force: true });
	}
	return { base, port, dir, db,
	    cardPath: cardUrl && new URL(cardUrl).pathname, stop };
}

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];

async function launch() {
	const { chromium } = require(path.join(TOP, 'tests', 'node_modules',
	    'playwright-core'));
	return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS,
	    handleSIGINT: true, handleSIGTERM: true });
}

/* Log in through the form in a context; throws when it does not work. */
async function login(context, base) {
	const page = await context.newPage();
	try {
		await page.goto(base + '/admin/login');
		await page.fill('#login', 'admin');
		await page.fill('#password', ADMIN_PASSWORD);
		await Promise.all([page.waitForNavigation(),
		    page.click('form.login-form [type=submit]')]);
		if (!/\/admin\/$/.test(page.url()))
			throw new Error('login did not reach /admin/ but ' +
			    page.url());
	} finally {
		await page.close();
	}
}

/* The demo's post with the deepest thread, and the comment at depth 4. */
const DEEP_POST = 'two-years-on-the-plot';

async function findDeepPost(base) {
	const html = await (await fetch(base + '/')).text();
	const m = html.match(new RegExp('href="(/\\d{4}/\\d\\d/' + DEEP_POST +
	    '/)"'));
	if (!m)
		throw new Error('no link to the demo post ' + DEEP_POST + ' on /');
	const post = await (await fetch(base + m[1])).text();
	const d4 = post.match(/<li id="comment-(\d+)" class="comment depth-4/);
	return { path: m[1], depth4: d4 ? d4[1] : null };
}

/*
 * Post a reply to the depth-4 comment through the form, as a reader whose
 * earlier comments were approved (so it is shown at once): the thread is
 * then 5 deep. Works with JavaScript on or off. Returns { status of the
 * POST, final page text }.
 */
async function postDeepReply(page, base, deep, text) {
	await page.goto(base + deep.path + '?replyto=' + deep.depth4 +
	    '#respond');
	const t0 = Date.now();
	await page.fill('#comment', text);
	await page.fill('#author', 'Margaret Holloway');
	await page.fill('#email', 'margaret@example.com');
	let status = 0;
	const onResp = (r) => {
		if (r.request().method() === 'POST' &&
		    new URL(r.url()).pathname === '/comment')
			status = r.status();
	};
	page.on('response', onResp);
	await sleep(Math.max(0, MIN_FILL_MS - (Date.now() - t0)));
	await Promise.all([page.waitForNavigation(),
	    page.click('#commentform [type=submit]')]);
	page.off('response', onResp);
	return { status, body: await page.textContent('body') };
}

/*
 * Every page type. Each: { name, group: 'public'|'admin', path (for GET),
 * or open(page, blog) that leaves the page showing it; status: expected;
 * field: the form field an error message on the page must be tied to }.
 * The admin pages need a logged-in context, except login.
 */
function pageTypes(blog, deep) {
	const P = [
		{ name: 'home', path: '/' },
		{ name: 'home-page-2', path: '/page/2/' },
		{ name: 'post-thread', path: deep.path },
		{ name: 'post-comment-error', status: 422,
		  open: (page) => commentError(page, blog.base, deep) },
		{ name: 'post-wide-content', path: blog.cardPath },
		{ name: 'page-about', path: '/about/' },
		{ name: 'tag-archive', path: '/tag/vegetables/' },
		{ name: 'tags', path: '/tags/' },
		{ name: 'year', path: deep.path.slice(0, 6) },
		{ name: 'month', path: deep.path.slice(0, 9) },
		{ name: 'author', path: '/author/admin/' },
		{ name: 'search-hits', path: '/search?q=compost' },
		{ name: 'search-none', path: '/search?q=zzyzx' },
		{ name: 'not-found', path: '/no-such-page/', status: 404 },
	].map(p => Object.assign({ group: 'public', status: 200 }, p));
	const A = [
		{ name: 'admin-login', path: '/admin/login', anonymous: true },
		{ name: 'admin-login-error', anonymous: true, field: '#login',
		  open: (page) => loginError(page, blog.base) },
		{ name: 'admin-dashboard', path: '/admin/' },
		{ name: 'admin-posts', path: '/admin/posts' },
		{ name: 'admin-editor-new', path: '/admin/posts/new' },
		{ name: 'admin-editor-preview',
		  open: (page) => editorPreview(page, blog.base) },
		{ name: 'admin-editor-error', status: 422, field: '#title',
		  open: (page) => editorError(page, blog.base) },
		{ name: 'admin-editor-post', path: '/admin/posts/1' },
		{ name: 'admin-comments', path: '/admin/comments' },
		{ name: 'admin-comment', path: '/admin/comments/1' },
		{ name: 'admin-tags', path: '/admin/tags' },
		{ name: 'admin-settings', path: '/admin/settings' },
		{ name: 'admin-users', path: '/admin/users' },
		{ name: 'admin-user', path: '/admin/users/1' },
		{ name: 'admin-appearance', path: '/admin/appearance' },
		{ name: 'admin-appearance-error', status: 422, field: '#css',
		  open: (page) => appearanceError(page, blog.base) },
		/* Last: it changes the look every page shows. */
		{ name: 'home-full-look',
		  open: (page) => fullLook(page, blog.base) },
	].map(p => Object.assign({ group: 'admin', status: 200 }, p));
	return P.concat(A);
}

/* The post page after sending the comment form with no name: 422. */
async function commentError(page, base, deep) {
	await page.goto(base + deep.path + '#respond');
	const t0 = Date.now();
	await page.fill('#comment', 'A comment whose writer forgot the name.');
	await page.fill('#email', 'nameless@example.com');
	await sleep(Math.max(0, MIN_FILL_MS - (Date.now() - t0)));
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.click('#commentform [type=submit]')]);
	return resp;
}

/* The editor showing a preview of an unsaved post. */
async function editorPreview(page, base) {
	await page.goto(base + '/admin/posts/new');
	await page.fill('#title', 'A preview of a post');
	await page.fill('#body', 'Some *Markdown* text.\n\n> A quote.\n\n' +
	    '```\ncode block\n```\n');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.click('button[name=preview]')]);
	return resp;
}

/* The login form after a wrong password. */
async function loginError(page, base) {
	await page.goto(base + '/admin/login');
	await page.fill('#login', 'admin');
	await page.fill('#password', 'not the password');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.click('form.login-form [type=submit]')]);
	return resp;
}

/* The editor after saving a post whose title is only spaces (which the
   browser's own check for required fields lets through): 422. */
async function editorError(page, base) {
	await page.goto(base + '/admin/posts/new');
	await page.fill('#title', '   ');
	await page.fill('#body', 'A post whose author forgot the title.');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.click('button[name=save]')]);
	return resp;
}

/* /admin/appearance after saving CSS that holds "</style>": 422. */
async function appearanceError(page, base) {
	await page.goto(base + '/admin/appearance');
	await page.fill('#css', 'p { color: red; } </style>');
	const [resp] = await Promise.all([page.waitForNavigation(),
	    page.click('.appearance-form p.actions:last-of-type button')]);
	return resp;
}

/* The home page with a menu of every kind and every sidebar block on,
   arranged at /admin/appearance. */
async function fullLook(page, base) {
	const add = async (kind, label, field, value) => {
		await page.goto(base + '/admin/appearance');
		await page.selectOption('#new-kind', kind);
		if (field)
			await page.fill(field, value);
		await page.fill('#new-label', label);
		await Promise.all([page.waitForNavigation(),
		    page.click('.appearance-form p.actions button')]);
	};
	await add('home', 'Home');
	await add('archive', 'Archives 2024', '#new-archive', '2024');
	await add('link', 'Elsewhere', '#new-url', 'https://example.org/');
	await page.goto(base + '/admin/appearance');
	for (const k of ['search', 'recent_posts', 'recent_comments', 'tags',
	    'archives', 'text'])
		await page.check(`#b-${k}-on`);
	await page.fill('#b-text-title', 'About this garden');
	await page.fill('#b-text-body', 'Vegetables, *mostly*, and ' +
	    '[the allotment society](https://example.org/).');
	await Promise.all([page.waitForNavigation(),
	    page.click('.appearance-form p.actions button')]);
	return page.goto(base + '/');
}

/* Open a page type; returns the main document's Response. */
async function openPage(page, blog, t) {
	if (t.open)
		return t.open(page);
	return page.goto(blog.base + t.path);
}

module.exports = {
	TOP, QUIRE, ADMIN_PASSWORD, MIN_FILL_MS, startBlog, launch, login, tempDir,
	findDeepPost, postDeepReply, pageTypes, openPage, sleep, stopChildren,
};

#!/usr/bin/env node
/*
 * admin.test.js: the admin area in a real browser (Debian's chromium,
 * driven by playwright-core from tests/node_modules).
 *
 *   node tests/browser/admin.test.js
 *
 * Starts its own quire and nginx on a free loopback port with a demo
 * blog (quire init, user add, demo), unless BASE_URL is set; then it
 * uses that blog with QUIRE_LOGIN / QUIRE_PASSWORD (default admin and
 * QUIRE_PASSWORD), and QUIRE_DB for the two comment settings it needs.
 *
 * The flow: log in, write a post in Markdown, preview it, publish it,
 * find it on the home page and its tag page; a visitor (a second browser
 * context) comments through the real form, the comment is held, the
 * author finds it in the moderation queue and approves it, and it shows
 * on the post. Then the same without JavaScript: log in and publish.
 *
 * Screenshots of every admin page visited go to tests/browser/out/
 * (NAME.png at 1280 px wide, NAME-390.png at 390 px). Prints `ok N - ...`
 * or `fail N - ...` per check and ends with `N passed, N failed`; exits
 * 1 if anything failed. Both servers are stopped by PID at the end, on
 * failure too.
 */
'use strict';

const cp = require('child_process');
const fs = require('fs');
const { freePort, connects, sleep, trackPid } = require('./netutil');
const os = require('os');
const path = require('path');

const TOP = path.resolve(__dirname, '..', '..');
const OUT = path.join(__dirname, 'out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const DEADLINE_MS = 240 * 1000;		/* the whole run */
const STEP_MS = 15 * 1000;		/* one browser action */

let chromium;
try {
	({ chromium } = require(path.join(TOP, 'tests', 'node_modules',
	    'playwright-core')));
} catch (e) {
	console.log('fail 1 - playwright-core is not installed in ' +
	    'tests/node_modules (cd tests && npm install): ' + e.message);
	console.log('0 passed, 1 failed');
	process.exit(1);
}

/* -- results ---------------------------------------------------------- */

let passed = 0, failed = 0, n = 0;

function report(ok, name, err) {
	n++;
	if (ok) {
		passed++;
		console.log('ok ' + n + ' - ' + name);
	} else {
		failed++;
		console.log('fail ' + n + ' - ' + name);
		for (const line of String(err && err.stack ? err.message :
		    err).split('\n').slice(0, 12))
			console.log('#   ' + line);
	}
}

/* Run one check; true if it passed. */
async function check(name, fn) {
	try {
		await fn();
		report(true, name);
		return true;
	} catch (e) {
		report(false, name, e);
		return false;
	}
}

function assert(cond, msg) {
	if (!cond)
		throw new Error(msg);
}

/* -- the servers ------------------------------------------------------ */

const procs = [];
let tmp = null;

function run(argv, input) {
	const p = cp.spawnSync(argv[0], argv.slice(1), { cwd: TOP, input,
	    encoding: 'utf8', timeout: 60000 });
	if (p.status !== 0)
		throw new Error(argv.join(' ') + ': exit ' + p.status + '\n' +
		    (p.stderr || '') + (p.error ? p.error.message : ''));
	return p.stdout;
}

function spawnServer(argv, log) {
	const fd = fs.openSync(log, 'a');
	const p = cp.spawn(argv[0], argv.slice(1), { cwd: TOP,
	    stdio: ['ignore', fd, fd] });
	trackPid(p, argv);
	fs.closeSync(fd);
	p.exited = false;
	p.on('exit', () => { p.exited = true; });
	procs.push(p);
	return p;
}

async function startBlog() {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-browser-'));
	const port = await freePort();
	const db = path.join(tmp, 'blog.db');
	const sock = path.join(tmp, 'quire.sock');
	const base = 'http://127.0.0.1:' + port;
	const password = 'browser test password';
	const quire = path.join(TOP, 'quire');

	assert(fs.existsSync(quire), 'no ./quire: build it first (make quire)');
	run([quire, 'init', '--db', db, '--title', 'Browser Test Blog',
	    '--base-url', base, '--timezone', 'Europe/Berlin']);
	run([quire, 'user', 'add', '--db', db, '--login', 'admin', '--name',
	    'Ada Admin', '--email', 'ada@example.org', '--role', 'admin'],
	    password + '\n');
	run([quire, 'demo', '--db', db]);
	fs.writeFileSync(path.join(tmp, 'nginx.conf'), run(['sh',
	    path.join(TOP, 'contrib', 'nginx-local.sh'), tmp, String(port),
	    sock, path.join(TOP, 'static'), '2']));

	const q = spawnServer([quire, 'serve', '--db', db, '--listen',
	    'unix:' + sock, '--workers', '2', '--socket-mode', '666'],
	    path.join(tmp, 'quire.log'));
	let deadline = Date.now() + 10000;
	while (!fs.existsSync(sock)) {
		assert(!q.exited, 'quire serve exited:\n' +
		    fs.readFileSync(path.join(tmp, 'quire.log'), 'utf8'));
		assert(Date.now() < deadline, 'quire did not make its socket');
		await sleep(50);
	}
	const ng = spawnServer([NGINX, '-p', tmp, '-c',
	    path.join(tmp, 'nginx.conf'), '-e', path.join(tmp, 'err'), '-g',
	    'daemon off;'], path.join(tmp, 'nginx.log'));
	deadline = Date.now() + 10000;
	while (!(await connects(port))) {
		assert(!ng.exited, 'nginx exited:\n' +
		    fs.readFileSync(path.join(tmp, 'nginx.log'), 'utf8'));
		assert(Date.now() < deadline, 'nginx did not listen');
		await sleep(50);
	}
	return { base, db, login: 'admin', password };
}

/* Stop what we started, by PID: TERM, then KILL after a few seconds. */
async function stopServers() {
	for (const p of procs.slice().reverse())
		if (!p.exited) {
			try { process.kill(p.pid, 'SIGTERM'); } catch (e) { }
		}
	const deadline = Date.now() + 10000;
	while (procs.some((p) => !p.exited) && Date.now() < deadline)
		await sleep(50);
	for (const p of procs)
		if (!p.exited) {
			try { process.kill(p.pid, 'SIGKILL'); } catch (e) { }
		}
	procs.length = 0;
	if (tmp && !process.env.KEEP_TMP)
		fs.rmSync(tmp, { recursive: true, force: true });
}

/* The last resort: a synchronous kill when the process is going away. */
process.on('exit', () => {
	for (const p of procs)
		if (!p.exited) {
			try { process.kill(p.pid, 'SIGKILL'); } catch (e) { }
		}
});

for (const sig of ['SIGINT', 'SIGTERM'])
	process.on(sig, async () => {
		await stopServers();
		console.log(passed + ' passed, ' + (failed + 1) + ' failed');
		process.exit(1);
	});

/* -- the browser ------------------------------------------------------ */

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };
const consoleErrors = [];

async function newContext(browser, opts) {
	const ctx = await browser.newContext(Object.assign({ viewport: WIDE },
	    opts || {}));
	ctx.setDefaultTimeout(STEP_MS);
	ctx.setDefaultNavigationTimeout(STEP_MS);
	return ctx;
}

function watch(page, label) {
	page.on('console', (m) => {
		if (m.type() === 'error')
			consoleErrors.push(label + ' ' + page.url() + ': ' +
			    m.text());
	});
	page.on('pageerror', (e) => consoleErrors.push(label + ' ' +
	    page.url() + ': ' + e.message));
	return page;
}

/*
 * Screenshots of the page as it is, at 1280 px and at 390 px (full
 * page); at 390 px nothing may stick out sideways (a table may scroll in
 * its own box).
 */
async function shoot(page, name) {
	fs.mkdirSync(OUT, { recursive: true });
	await page.setViewportSize(WIDE);
	await page.screenshot({ path: path.join(OUT, name + '.png'),
	    fullPage: true });
	await page.setViewportSize(NARROW);
	await page.screenshot({ path: path.join(OUT, name + '-390.png'),
	    fullPage: true });
	const over = await page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const bad = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > w + 1 &&
			    !el.closest('.table-wrap'))
				bad.push(el.tagName.toLowerCase() +
				    (el.id ? '#' + el.id : '') +
				    (el.className && typeof el.className ===
				    'string' ? '.' + el.className.split(' ')
				    .join('.') : '') + ' right=' +
				    Math.round(r.right));
		}
		return { scroll: document.documentElement.scrollWidth, w,
		    bad: bad.slice(0, 5) };
	});
	await page.setViewportSize(WIDE);
	assert(over.scroll <= over.w && over.bad.length === 0, name +
	    ' at 390 px is wider than the screen (' + over.scroll + ' > ' +
	    over.w + '): ' + over.bad.join(', '));
}

async function text(page, selector) {
	return (await page.locator(selector).first().innerText()).trim();
}

async function login(page, base, who) {
	await page.goto(base + '/admin/login');
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForURL(/\/admin\/$/),
	    page.click('button[type=submit]')]);
}

/* -- the flow --------------------------------------------------------- */

async function main() {
	let blog;
	const own = !process.env.BASE_URL;
	const ok = await check(own ? 'start quire and nginx with a demo blog' :
	    'use the blog at ' + process.env.BASE_URL, async () => {
		if (own)
			blog = await startBlog();
		else
			blog = { base: process.env.BASE_URL.replace(/\/$/, ''),
			    db: process.env.QUIRE_DB || null,
			    login: process.env.QUIRE_LOGIN || 'admin',
			    password: process.env.QUIRE_PASSWORD || '' };
		assert(blog.password, 'set QUIRE_PASSWORD with BASE_URL');
	});
	if (!ok)
		return;
	const base = blog.base;
	const stamp = Date.now().toString(36);
	const title = 'Written in a browser \u2014 \u00dcn\u00efc\u00f6de \u2713 ' +
	    stamp;
	const tag = 'Browsertag' + stamp;
	const body = '## A heading from the browser\n\nSome *emphasis* and ' +
	    '`code` & a < b > c "quotes".\n\n- first point\n- second point\n';
	const commentText = 'A visitor was here ' + stamp +
	    ' \u2014 lovely post \u{1F44D}';
	let postUrl = null;

	const browser = await chromium.launch({ executablePath: CHROMIUM,
	    args: ['--headless', '--no-sandbox', '--disable-gpu',
	    '--disable-quic', '--no-first-run',
	    '--disable-background-networking', '--disable-component-update',
	    '--disable-sync'] });
	try {
		const admin = await newContext(browser);
		const page = watch(await admin.newPage(), 'admin');

		await check('the login page shows a login form', async () => {
			const r = await page.goto(base + '/admin/login');
			assert(r.status() === 200, 'status ' + r.status());
			assert(await page.locator('#login').isVisible() &&
			    await page.locator('#password').isVisible(),
			    'no login and password fields');
			await shoot(page, 'login');
		});

		await check('a wrong password is refused with a message',
		    async () => {
			await page.fill('#login', blog.login);
			await page.fill('#password', 'not the password');
			await Promise.all([page.waitForLoadState('load'),
			    page.click('button[type=submit]')]);
			assert(/\/admin\/login$/.test(page.url()), page.url());
			const msg = await text(page, '.form-errors');
			assert(msg === 'The login or password is wrong.', msg);
			assert(await page.inputValue('#login') === blog.login,
			    'the login typed was not kept');
		});

		await check('logging in leads to the dashboard', async () => {
			await login(page, base, blog);
			const h = await text(page, 'h1');
			assert(h === 'Dashboard', 'h1: ' + h);
			const cookies = await admin.cookies();
			const c = cookies.find((x) => x.name === 'quire_session');
			assert(c && c.httpOnly && c.sameSite === 'Lax',
			    'session cookie: ' + JSON.stringify(c));
			await shoot(page, 'dashboard');
		});

		await check('the posts list shows the demo posts', async () => {
			await page.click('a[href="/admin/posts"]');
			await page.waitForURL(/\/admin\/posts$/);
			const rows = await page.locator('table.admin-table tbody tr')
			    .count();
			assert(rows >= 10, rows + ' rows');
			await shoot(page, 'posts');
		});

		await check('Preview shows the rendered Markdown and keeps the ' +
		    'text', async () => {
			await page.click('a[href="/admin/posts/new"]');
			await page.waitForURL(/\/admin\/posts\/new$/);
			await page.fill('#title', title);
			await page.fill('#tags', tag + ', Browser Alpha');
			await page.fill('#body', body);
			await Promise.all([page.waitForLoadState('load'),
			    page.click('button[name=preview]')]);
			const prev = page.locator('section.preview');
			assert(await prev.isVisible(), 'no preview section');
			const h = await text(page,
			    'section.preview .entry-content h2');
			assert(h === 'A heading from the browser', 'heading: ' + h);
			assert(await text(page, 'section.preview .entry-content em')
			    === 'emphasis', 'no <em>');
			assert(await page.locator('section.preview .entry-content ' +
			    'ul li').count() === 2, 'no list of two');
			assert(await page.inputValue('#body') === body,
			    'the text changed: ' + JSON.stringify(
			    await page.inputValue('#body')));
			assert(await page.inputValue('#title') === title,
			    'the title changed');
			await shoot(page, 'editor-preview');
		});

		await check('Publish saves the post and says so', async () => {
			await page.check('#status-publish');
			await Promise.all([page.waitForURL(/done=published/),
			    page.click('button[name=save]')]);
			const notice = await page.locator('main').innerText();
			assert(notice.includes('Published.'), 'no notice');
			const view = page.locator('#editor a', { hasText: 'View' });
			postUrl = new URL(await view.getAttribute('href'), base)
			    .href;
			await shoot(page, 'editor-published');
		});

		const reader = await newContext(browser);
		const rpage = watch(await reader.newPage(), 'reader');

		await check('the post is on the home page, rendered', async () => {
			await rpage.goto(base + '/');
			const art = rpage.locator('article', { hasText: title });
			assert(await art.count() === 1, 'not on the home page');
			assert(await art.locator('.entry-content h2').innerText() ===
			    'A heading from the browser', 'heading not rendered');
			assert((await art.locator('.entry-content').innerText())
			    .includes('& a < b > c \u201cquotes\u201d'), 'text not kept');
		});

		await check('the post is on its tag page', async () => {
			await rpage.goto(postUrl);
			await Promise.all([rpage.waitForLoadState('load'),
			    rpage.click('a[rel=tag] >> text=' + tag)]);
			assert(/\/tag\/[^/]+\/$/.test(rpage.url()), rpage.url());
			assert((await text(rpage, 'h1.page-title')).includes(tag),
			    'not the tag archive');
			assert(await rpage.locator('article', { hasText: title })
			    .count() === 1, 'the post is not listed');
		});

		let held = false;
		await check('a visitor\'s comment through the form is held',
		    async () => {
			assert(blog.db, 'set QUIRE_DB with BASE_URL to change ' +
			    'the comment settings');
			run(['sqlite3', blog.db, "INSERT OR REPLACE INTO settings " +
			    "(key, value) VALUES ('min_fill_seconds', '0'), " +
			    "('moderation', 'all')"]);
			const visitor = await newContext(browser);
			const v = watch(await visitor.newPage(), 'visitor');
			await v.goto(postUrl);
			await v.fill('#comment', commentText);
			await v.fill('#author', 'Vera Visitor');
			await v.fill('#email', 'vera@example.net');
			await Promise.all([v.waitForLoadState('load'),
			    v.click('#submit')]);
			assert(v.url().split('#')[0] === postUrl, 'went to ' +
			    v.url());
			const mine = v.locator('li', { hasText: commentText }).last();
			assert(await mine.count() === 1, 'the visitor does not ' +
			    'see their comment');
			assert((await mine.innerText()).includes(
			    'awaiting moderation'), 'not marked as held');
			held = true;
			/* Nobody else sees it. */
			await rpage.goto(postUrl);
			assert(!(await rpage.content()).includes(stamp + ' \u2014 ' +
			    'lovely'), 'a held comment is public');
			await visitor.close();
		});

		await check('the held comment is in the moderation queue',
		    async () => {
			assert(held, 'no comment was held (see above)');
			const r = await page.goto(base +
			    '/admin/comments?status=pending');
			assert(r.status() !== 404, 'GET /admin/comments answered ' +
			    '404: the moderation page (src/admin_comments.c) is ' +
			    'not in this build');
			assert(r.status() === 200, 'status ' + r.status());
			const row = page.locator('tr', { hasText: commentText });
			assert(await row.count() === 1, 'the comment is not ' +
			    'listed as pending');
			assert((await row.innerText()).includes('Vera Visitor'),
			    'no author in the row');
			await shoot(page, 'comments');
		});

		await check('approving it shows it on the post', async () => {
			const row = page.locator('tr', { hasText: commentText });
			assert(await row.count() === 1, 'no row to approve');
			await Promise.all([page.waitForURL(/done=approved/),
			    row.locator('button', { hasText: /^Approve$/ })
			    .click()]);
			assert(await page.locator('tr', { hasText: commentText })
			    .count() === 0, 'still in the pending queue');
			await rpage.goto(postUrl);
			const c = rpage.locator('.comment-list li',
			    { hasText: commentText });
			assert(await c.count() === 1, 'not on the post');
			assert(!(await c.innerText()).includes(
			    'awaiting moderation'), 'still marked as held');
			assert((await text(rpage, '.comments-title')).length > 0,
			    'no comments heading');
		});

		await check('admin pages logged no script or CSP errors',
		    async () => {
			const errs = consoleErrors.filter((e) => !/favicon/.test(e));
			assert(errs.length === 0, errs.join('\n'));
		});

		await check('logging out ends the session', async () => {
			await page.goto(base + '/admin/');
			const form = page.locator('form[action="/admin/logout"]');
			assert(await form.count() > 0, 'no logout form');
			await Promise.all([page.waitForURL(/\/admin\/login/),
			    form.locator('button').first().click()]);
			const r = await page.goto(base + '/admin/posts');
			assert(/\/admin\/login\?next=/.test(page.url()),
			    'still in: ' + page.url());
			assert(r.status() === 200);
		});
		await admin.close();
		await reader.close();

		/* Everything again without JavaScript. */
		const nojs = await newContext(browser,
		    { javaScriptEnabled: false });
		const np = await nojs.newPage();
		const nojsTitle = 'Published without JavaScript ' + stamp;
		await check('without JavaScript: logging in works', async () => {
			await login(np, base, blog);
			assert(await text(np, 'h1') === 'Dashboard', 'no dashboard');
		});
		await check('without JavaScript: writing, previewing and ' +
		    'publishing work', async () => {
			await np.goto(base + '/admin/posts/new');
			await np.fill('#title', nojsTitle);
			await np.fill('#body', '### Plain forms\n\nNo *script* ' +
			    'needed.\n');
			await Promise.all([np.waitForLoadState('load'),
			    np.click('button[name=preview]')]);
			assert(await text(np, 'section.preview .entry-content h3')
			    === 'Plain forms', 'no preview');
			await np.check('#status-publish');
			await Promise.all([np.waitForURL(/done=published/),
			    np.click('button[name=save]')]);
			await np.goto(base + '/');
			const art = np.locator('article', { hasText: nojsTitle });
			assert(await art.count() === 1, 'not on the home page');
			assert(await art.locator('h3').innerText() ===
			    'Plain forms', 'not rendered');
		});
		await nojs.close();
	} finally {
		await browser.close();
	}
}

const watchdog = setTimeout(async () => {
	report(false, 'the whole run within ' + DEADLINE_MS / 1000 + ' s',
	    'timed out');
	await stopServers();
	console.log(passed + ' passed, ' + failed + ' failed');
	process.exit(1);
}, DEADLINE_MS);

main().catch((e) => report(false, 'the run itself', e)).finally(async () => {
	clearTimeout(watchdog);
	await stopServers();
	console.log(passed + ' passed, ' + failed + ' failed');
	process.exit(failed ? 1 : 0);
});

'use strict';
/*
 * theme.test.js: the theme and the admin pages in a real browser (Debian's
 * chromium through playwright-core), against a real quire behind nginx
 * with the demo content.
 *
 * For every page type, public and admin:
 *   - axe-core finds no violations, light and dark, at 390 and 1280 px;
 *   - no horizontal scrolling at 320, 390, 768, 1280 and 1600 px;
 *   - no request to any host but the test server, no CSP violation;
 *   - keyboard: the first Tab reaches the skip link, which shows; every
 *     later stop shows a focus ring (outline or box-shadow);
 *   - the HTML is valid (the Nu HTML Checker, one run for all pages);
 *   - on the pages that show a form error (comment form, login, editor),
 *     the message is tied to its field by aria-describedby.
 * A page that does not answer as expected (an admin page not written yet
 * answers 404) fails one check that names it; its other checks do not run.
 * The page types and how each is reached are in lib.js (pageTypes).
 * Then: the comment form by keyboard and its error messages tied to the
 * fields; a comment posted with JavaScript off; the thread 5 deep on a
 * phone; typography (measure, system fonts); wide content (tables and
 * code scroll by themselves, images fit); the print stylesheet; the post
 * page's weight (HTML + CSS + JS), printed.
 *
 * axe-core is put into each page with page.evaluate (the DevTools
 * protocol), which the page's Content-Security-Policy (script-src 'self')
 * does not apply to, so the CSP stays on for everything else the test
 * sees (bypassCSP is never set).
 *
 * Prints "ok N - ..." or "fail N - ..." per check and ends with
 * "N passed, N failed"; exit 1 on any failure.
 *   node tests/browser/theme.test.js [--only NAME,...]   (page types from
 *   lib.js, and 'extras' for the checks after them)
 */
const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const AXE = path.join(lib.TOP, 'tests', 'node_modules', 'axe-core',
    'axe.min.js');
const VNU = path.join(lib.TOP, 'tests', 'node_modules', 'vnu-jar', 'build',
    'dist', 'vnu.jar');
const AXE_WIDTHS = [390, 1280];
const SCROLL_WIDTHS = [320, 390, 768, 1280, 1600];
/* 30 KB until 2026-12-07; 31 KB since the post page gained what DESIGN.md
   asks of it: Webmention and pingback discovery links, the reply-mail
   checkbox, right-to-left (logical) CSS and the gallery grid. */
const WEIGHT_LIMIT = 31 * 1024;
/* A post with a few comments: what a typical post page carries. */
const TYPICAL_POST = 'blight-came-early-this-year';

let count = 0, passed = 0, failed = 0;

function check(name, ok, details) {
	count++;
	if (ok) {
		passed++;
		console.log(`ok ${count} - ${name}`);
	} else {
		failed++;
		console.log(`fail ${count} - ${name}`);
	}
	for (const d of [].concat(details || []))
		if (d)
			console.log('#   ' + String(d).split('\n').join('\n#   '));
}

/* Run fn as a check; an exception is a failure with its message. */
async function attempt(name, fn) {
	try {
		const r = await fn();
		check(name, r.ok, r.details);
	} catch (e) {
		check(name, false, 'error: ' + (e && e.message || e));
	}
}

/* -- axe-core ----------------------------------------------------------- */

const axeSource = fs.existsSync(AXE) ? fs.readFileSync(AXE, 'utf8') : null;

async function axeRun(page) {
	if (!(await page.evaluate('typeof window.axe')).startsWith('object'))
		await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, {
			resultTypes: ['violations'],
		});
		return r.violations.map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 4).map(n => ({
				target: n.target.join(' '),
				summary: (n.failureSummary || '')
				    .split('\n').slice(0, 3).join(' '),
			})),
			more: Math.max(0, v.nodes.length - 4),
		}));
	});
}

async function axeCheck(page) {
	if (!axeSource)
		return { ok: false, details: 'no ' + AXE +
		    ': run npm ci in tests/' };
	const details = [];
	for (const w of AXE_WIDTHS) {
		for (const mode of ['light', 'dark']) {
			await page.setViewportSize({ width: w, height: 900 });
			await page.emulateMedia({ colorScheme: mode });
			for (const v of await axeRun(page)) {
				details.push(`${w}px ${mode}: ${v.id} (${v.impact}): ` +
				    v.help);
				for (const n of v.nodes)
					details.push(`    ${n.target} — ${n.summary}`);
				if (v.more)
					details.push(`    and ${v.more} more`);
			}
		}
	}
	await page.emulateMedia({ colorScheme: 'light' });
	return { ok: details.length === 0, details };
}

/* -- layout --------------------------------------------------------------- */

async function scrollCheck(page) {
	const details = [];
	for (const w of SCROLL_WIDTHS) {
		await page.setViewportSize({ width: w, height: 800 });
		const r = await page.evaluate(() => {
			const de = document.documentElement;
			const out = { sw: de.scrollWidth, iw: window.innerWidth,
			    wide: [] };
			if (out.sw > out.iw) {
				for (const e of document.body.querySelectorAll('*')) {
					const b = e.getBoundingClientRect();
					if (b.right > out.iw + 0.5 && b.width > 0 &&
					    !e.closest('.screen-reader-text, .says, .hp'))
						out.wide.push(e.tagName.toLowerCase() +
						    (e.id ? '#' + e.id : '') +
						    (e.className && typeof e.className ===
						    'string' ? '.' + e.className.trim()
						    .split(/\s+/).join('.') : '') +
						    ` (right ${Math.round(b.right)})`);
				}
			}
			return out;
		});
		if (r.sw > r.iw)
			details.push(`${w}px: scrollWidth ${r.sw} > ${r.iw}; ` +
			    'widest: ' + r.wide.slice(-6).join(', '));
	}
	return { ok: details.length === 0, details };
}

/* -- keyboard ------------------------------------------------------------- */

const FOCUS_PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor',
    'boxShadow'];

/* The focus-relevant style of the focused element, and where it is. */
function activeInfo(page) {
	return page.evaluate((props) => {
		const e = document.activeElement;
		if (!e || e === document.body)
			return null;
		const s = getComputedStyle(e);
		const b = e.getBoundingClientRect();
		const style = {};
		for (const p of props)
			style[p] = s[p];
		return {
			desc: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
			    (e.className && typeof e.className === 'string' ?
			    '.' + e.className.trim().split(/\s+/).join('.') : '') +
			    (e.getAttribute('href') ? `[href="${e.getAttribute(
			    'href')}"]` : '') + (e.name ? `[name=${e.name}]` : ''),
			id: e.id,
			style,
			visible: b.width > 0 && b.height > 0 && b.bottom > 0 &&
			    b.right > 0 && b.left < window.innerWidth &&
			    b.top < window.innerHeight,
			skip: e.classList.contains('skip-link'),
		};
	}, FOCUS_PROPS);
}

function styleOf(handle) {
	return handle.evaluate((e, props) => {
		const s = getComputedStyle(e);
		const o = {};
		for (const p of props)
			o[p] = s[p];
		return o;
	}, FOCUS_PROPS);
}

function focusShows(focused, blurred) {
	const ring = focused.outlineStyle !== 'none' &&
	    parseFloat(focused.outlineWidth) >= 1;
	const differs = FOCUS_PROPS.some(p => focused[p] !== blurred[p]);
	return differs && (ring || focused.boxShadow !== 'none');
}

/*
 * Tab through the whole page from the top: the first stop is the skip
 * link, visible; every stop is on screen (the page scrolls to it) and its
 * focus style differs from its style unfocused. Returns the stops.
 */
async function tabThrough(page, maxStops) {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.emulateMedia({ colorScheme: 'light' });
	await page.evaluate(() => {
		if (document.activeElement)
			document.activeElement.blur();
		window.scrollTo(0, 0);
	});
	/* Start from the top of the document, as after loading. */
	await page.focus('body').catch(() => {});
	await page.evaluate(() => {
		const a = document.createElement('span');
		a.tabIndex = -1;
		a.id = 'kb-start';
		document.body.insertBefore(a, document.body.firstChild);
		a.focus();
		a.addEventListener('blur', () => a.remove(), { once: true });
	});
	const stops = [];
	const problems = [];
	let prev = null, prevHandle = null;
	for (let i = 0; i < maxStops; i++) {
		await page.keyboard.press('Tab');
		const info = await activeInfo(page);
		/* A control with parts (a date's day, month, year) takes
		   several Tabs: one stop, with its best focused style. */
		if (prevHandle && info && await prevHandle.evaluate(e =>
		    e === document.activeElement)) {
			if (focusShows(info.style, {}) && !focusShows(prev.style, {}))
				prev.style = info.style;
			continue;
		}
		if (prevHandle) {
			const blurred = await styleOf(prevHandle);
			if (!focusShows(prev.style, blurred))
				problems.push({ id: prev.id, text: 'no visible ' +
				    `focus style on ${prev.desc} (focused ` +
				    `${JSON.stringify(prev.style)})` });
			await prevHandle.dispose();
			prevHandle = null;
		}
		if (info === null)
			break;		/* left the document */
		if (stops.length && stops[0].desc === info.desc &&
		    stops.length > 1)
			break;		/* wrapped around */
		if (!info.visible)
			problems.push({ id: info.id, text: 'focus on an ' +
			    'element not on screen: ' + info.desc });
		stops.push(info);
		prev = info;
		prevHandle = await page.evaluateHandle(() =>
		    document.activeElement);
	}
	if (prevHandle)
		await prevHandle.dispose();
	return { stops, problems };
}

async function keyboardCheck(page) {
	const { stops, problems } = await tabThrough(page, 250);
	const details = problems.map(p => p.text);
	if (!stops.length)
		details.unshift('Tab reached nothing');
	else if (!stops[0].skip)
		details.unshift('the first Tab stop is ' + stops[0].desc +
		    ', not the skip link');
	return { ok: details.length === 0, details, stops };
}

/* -- requests ------------------------------------------------------------- */

function watch(page, base) {
	const w = { foreign: [], csp: [], errors: [] };
	const origin = new URL(base).origin;
	page.on('request', (r) => {
		const u = r.url();
		if (/^(data|blob|about):/.test(u))
			return;
		if (new URL(u).origin !== origin)
			w.foreign.push(r.method() + ' ' + u);
	});
	page.on('console', (m) => {
		const t = m.text();
		if (/Content.Security.Policy/i.test(t))
			w.csp.push(t);
		else if (m.type() === 'error' && !/status of 4(04|22)/.test(t))
			w.errors.push(t);
	});
	page.on('pageerror', (e) => w.errors.push('page error: ' + e.message));
	return w;
}

/* -- HTML validity ------------------------------------------------------ */

function vnuCheck(files) {
	const java = ['/usr/bin/java'].find(f => fs.existsSync(f)) || 'java';
	if (!fs.existsSync(VNU))
		return { error: 'no ' + VNU + ': run npm ci in tests/' };
	const p = spawnSync(java, ['-jar', VNU, '--errors-only', '--stdout',
	    '--format', 'json'].concat(Object.keys(files)),
	    { encoding: 'utf8', timeout: 300000, maxBuffer: 64 << 20 });
	let report;
	try {
		report = JSON.parse(p.stdout);
	} catch (e) {
		return { error: `vnu gave no JSON (exit ${p.status}): ` +
		    (p.stderr || '').slice(0, 500) };
	}
	const out = {};
	for (const f of Object.keys(files))
		out[files[f]] = [];
	for (const m of report.messages || []) {
		const f = Object.keys(files).find(x => (m.url || '')
		    .endsWith('/' + path.basename(x)));
		if (!f || !['error', 'non-document-error', 'fatal']
		    .includes(m.type))
			continue;
		out[files[f]].push(`line ${m.lastLine}: ${m.message}` +
		    (m.extract ? ` — ${JSON.stringify(m.extract)}` : ''));
	}
	return { out };
}

/* -- bytes -------------------------------------------------------------- */

/* The bytes of a URL as sent without compression. */
function rawBytes(url) {
	return new Promise((resolve, reject) => {
		http.get(url, { headers: { 'Accept-Encoding': 'identity' } },
		    (res) => {
			let n = 0;
			res.on('data', c => { n += c.length; });
			res.on('end', () => resolve({ status: res.statusCode,
			    bytes: n }));
		}).on('error', reject);
	});
}

/* HTML + CSS + JS the browser loads for a page, by resource type. */
async function pageWeight(context, url) {
	const page = await context.newPage();
	const got = [];
	page.on('response', (r) => {
		const t = r.request().resourceType();
		if (['document', 'stylesheet', 'script'].includes(t))
			got.push({ url: r.url(), type: t });
	});
	await page.goto(url, { waitUntil: 'load' });
	await page.close();
	const w = { html: 0, css: 0, js: 0, files: [] };
	for (const g of got) {
		const r = await rawBytes(g.url);
		const k = g.type === 'document' ? 'html' : g.type ===
		    'stylesheet' ? 'css' : 'js';
		w[k] += r.bytes;
		w.files.push(`${new URL(g.url).pathname} ${r.bytes}`);
	}
	w.total = w.html + w.css + w.js;
	return w;
}

function kb(n) {
	return (n / 1024).toFixed(1) + ' KB';
}

/* -- the checks on one page type ---------------------------------------- */

async function pageChecks(ctx, blog, t, htmlDir, htmlFiles) {
	const page = await ctx.newPage();
	const w = watch(page, blog.base);
	try {
		await page.setViewportSize({ width: 1280, height: 900 });
		let resp;
		try {
			resp = await lib.openPage(page, blog, t);
		} catch (e) {
			check(`${t.name}: opens`, false, e.message);
			return;
		}
		const status = resp ? resp.status() : 0;
		if (status !== t.status) {
			check(`${t.name}: ${t.path || '(form result)'} answers ` +
			    `${t.status}`, false, `it answered ${status}: ` +
			    (t.group === 'admin' ? 'this admin page is not ' +
			    'there yet (or is broken); its checks did not run' :
			    'its checks did not run'));
			return;
		}
		const body = await resp.body();
		const f = path.join(htmlDir, t.name + '.html');
		fs.writeFileSync(f, body);
		htmlFiles[f] = t.name;

		await attempt(`${t.name}: axe-core, no violations (390/1280 px, ` +
		    'light/dark)', () => axeCheck(page));
		await attempt(`${t.name}: no horizontal scrolling at ` +
		    SCROLL_WIDTHS.join('/') + ' px', () => scrollCheck(page));
		await attempt(`${t.name}: keyboard: skip link first, visible ` +
		    'focus on every Tab stop', async () => {
			const r = await keyboardCheck(page);
			r.details.push(`(${r.stops.length} stops)`);
			return r;
		});
		if (t.field)
			await attempt(`${t.name}: the error message is tied to ` +
			    `${t.field} (aria-describedby)`, () =>
			    errorTied(page, t.field));
		check(`${t.name}: requests only to the test server, no CSP ` +
		    'or script errors', !w.foreign.length && !w.csp.length &&
		    !w.errors.length, w.foreign.concat(w.csp, w.errors)
		    .slice(0, 8));
	} finally {
		await page.close();
	}
}

/* The field's aria-describedby names elements that hold a message. */
async function errorTied(page, sel) {
	const r = await page.evaluate((sel) => {
		const f = document.querySelector(sel);
		if (!f)
			return null;
		const ids = (f.getAttribute('aria-describedby') || '')
		    .split(/\s+/).filter(Boolean);
		return { invalid: f.getAttribute('aria-invalid'),
		    texts: ids.map(id => {
			const e = document.getElementById(id);
			return e ? e.textContent.trim() : null;
		    }) };
	}, sel);
	if (!r)
		return { ok: false, details: `no ${sel} on the page` };
	const ok = r.texts.length > 0 && r.texts.every(t => t);
	return { ok, details: (ok ? [] : ['aria-describedby does not ' +
	    'resolve to a message: ' + JSON.stringify(r.texts)]).concat(
	    [`message: ${JSON.stringify(r.texts)}` + (r.invalid === 'true' ?
	    '' : '; note: no aria-invalid="true" on the field')]) };
}

/* -- specific checks ---------------------------------------------------- */

/* The skip link shows when focused and takes focus into the content. */
async function skipLinkCheck(page, blog, deep) {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(blog.base + deep.path);
	await page.keyboard.press('Tab');
	const r = await page.evaluate(() => {
		const e = document.activeElement;
		const b = e.getBoundingClientRect();
		const s = getComputedStyle(e);
		return { skip: e.classList.contains('skip-link'),
		    onScreen: b.top >= 0 && b.left >= 0 && b.bottom <=
		    innerHeight && b.width > 20 && b.height > 10 &&
		    s.visibility !== 'hidden' && s.opacity !== '0' };
	});
	const details = [];
	if (!r.skip)
		details.push('the first Tab does not reach the skip link');
	if (!r.onScreen)
		details.push('the focused skip link is not fully on screen');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	const inMain = await page.evaluate(() =>
	    !!document.activeElement.closest('#main'));
	if (!inMain)
		details.push('after following the skip link, Tab does not go ' +
		    'into #main');
	return { ok: details.length === 0, details };
}

/* Tab from the top reaches the comment form fields, in order, each with a
   visible focus style. */
async function commentFormKeyboard(page, blog, deep) {
	await page.goto(blog.base + deep.path);
	const { stops, problems } = await tabThrough(page, 400);
	const want = ['comment', 'author', 'email', 'url',
	    'wp-comment-cookies-consent', 'submit'];
	const ids = stops.map(s => s.id);
	const details = [];
	let at = -1;
	for (const id of want) {
		const i = ids.indexOf(id, at + 1);
		if (i < 0)
			details.push(`Tab never reaches #${id} (after ` +
			    `${ids[at] || 'the top'})`);
		else
			at = i;
	}
	for (const p of problems)
		if (want.includes(p.id))
			details.push(p.text);
	if (ids.includes('subject'))
		details.push('the honeypot field #subject is a Tab stop');
	return { ok: details.length === 0, details };
}

/* With JavaScript: Enter on a Reply link brings the form under that
   comment with the cursor in it; Enter on Cancel reply takes it back. */
async function replyKeyboard(page, blog, deep) {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(blog.base + deep.path);
	const id = 'comment-' + deep.depth4;
	await page.focus(`#${id} > .comment-body .comment-reply-link`);
	await page.keyboard.press('Enter');
	const a = await page.evaluate((id) => ({
		under: !!document.querySelector(`#${id} #respond`),
		active: document.activeElement.id,
		parent: document.getElementById('comment_parent').value,
		url: location.pathname + location.search,
	}), id);
	const details = [];
	if (!a.under)
		details.push('the form did not move under the comment');
	if (a.active !== 'comment')
		details.push('focus is on #' + a.active + ', not #comment');
	if (a.parent !== deep.depth4)
		details.push('comment_parent is ' + a.parent);
	if (a.url.includes('replyto'))
		details.push('the page was reloaded (' + a.url + ')');
	await page.focus('#cancel-comment-reply-link');
	await page.keyboard.press('Enter');
	const b = await page.evaluate(() => ({
		home: !document.querySelector('li.comment #respond'),
		parent: document.getElementById('comment_parent').value,
	}));
	if (!b.home || b.parent !== '0')
		details.push('Cancel reply did not take the form back');
	return { ok: details.length === 0, details };
}

/* The 422 re-render: the error is tied to its field and announced. */
async function errorTiedCheck(page, blog, deep) {
	const resp = await lib.openPage(page, blog, { open: (p) =>
	    lib.pageTypes(blog, deep).find(t => t.name ===
	    'post-comment-error').open(p) });
	const details = [];
	if (resp.status() !== 422)
		details.push('the form without a name answered ' + resp.status());
	const r = await page.evaluate(() => {
		const f = document.getElementById('author');
		if (!f)
			return { missing: true };
		const ids = (f.getAttribute('aria-describedby') || '').split(/\s+/)
		    .filter(Boolean);
		return {
			invalid: f.getAttribute('aria-invalid'),
			described: ids.map(id => {
				const e = document.getElementById(id);
				return e ? e.textContent.trim() : null;
			}),
			alert: [...document.querySelectorAll('[role=alert]')]
			    .map(e => e.textContent.trim()),
			value: document.getElementById('comment').value.trim(),
		};
	});
	if (r.missing)
		return { ok: false, details: 'no #author on the 422 page' };
	if (r.invalid !== 'true')
		details.push('#author has no aria-invalid="true"');
	if (!r.described.length || r.described.some(t => !t))
		details.push('aria-describedby of #author does not resolve: ' +
		    JSON.stringify(r.described));
	else if (!r.described.some(t => /name/i.test(t)))
		details.push('no message about the name in ' +
		    JSON.stringify(r.described));
	if (!r.alert.length)
		details.push('no role=alert summary');
	if (!/forgot the name/.test(r.value))
		details.push('the typed comment was not kept');
	/* Keyboard: focusing the invalid field shows focus. */
	await page.focus('#comment');
	await page.keyboard.press('Tab');
	const on = await activeInfo(page);
	if (!on || on.id !== 'author')
		details.push('Tab from #comment does not reach #author');
	return { ok: details.length === 0, details: details.concat(
	    [`message: ${JSON.stringify(r.described)}`]) };
}

/* The thread at 390 px: the indent stops growing, the text stays wide. */
async function threadCheck(page, blog, deep, width) {
	await page.setViewportSize({ width, height: 844 });
	await page.goto(blog.base + deep.path);
	const r = await page.evaluate(() => {
		const leaf = [...document.querySelectorAll('li.comment.depth-5')]
		    .pop();
		if (!leaf)
			return null;
		const chain = [];
		for (let li = leaf; li; li = li.parentElement.closest(
		    'li.comment')) {
			const body = li.querySelector(':scope > .comment-body');
			const text = body.querySelector('.comment-content');
			const b = text.getBoundingClientRect();
			chain.unshift({ depth: +li.className.match(/depth-(\d)/)[1],
			    left: Math.round(b.left), width: Math.round(b.width),
			    line: getComputedStyle(li).borderLeftWidth });
		}
		return chain;
	});
	if (!r)
		return { ok: false, details: 'no comment at depth 5 on ' +
		    deep.path + ' (did the reply with JavaScript off fail?)' };
	const details = [];
	const at = d => r.find(x => x.depth === d);
	const d3 = at(3), d5 = at(5);
	if (!d3 || !d5)
		return { ok: false, details: 'chain: ' + JSON.stringify(r) };
	if (d5.left - d3.left > 24)
		details.push(`depth 5 is ${d5.left - d3.left}px right of depth 3`);
	if (d5.width < 200)
		details.push(`the text at depth 5 is ${d5.width}px wide`);
	for (const x of r)
		if (x.depth > 1 && x.line === '0px')
			details.push(`no thread line at depth ${x.depth}`);
	const summary = r.map(x => `d${x.depth}: left ${x.left} width ` +
	    x.width).join('; ');
	return { ok: details.length === 0, details: details.concat(
	    [summary]) };
}

/* Typography: measure, system fonts, no web fonts, line height. */
async function typographyCheck(page, blog, deep) {
	await page.goto(blog.base + deep.path);
	const details = [], notes = [];
	for (const w of [1280, 1600, 768]) {
		await page.setViewportSize({ width: w, height: 900 });
		const r = await page.evaluate(() => {
			const p = document.querySelector('.entry-content > p');
			const s = getComputedStyle(p);
			/* Average character width of running English text. */
			const sample = 'The soil here is heavy clay, and it sticks ' +
			    'to everything in March. I started with a spade, a ' +
			    'fork and far more enthusiasm than sense.';
			const span = document.createElement('span');
			span.textContent = sample;
			span.style.whiteSpace = 'nowrap';
			p.appendChild(span);
			const cw = span.getBoundingClientRect().width /
			    sample.length;
			span.remove();
			return {
				chars: Math.round(p.clientWidth / cw),
				family: s.fontFamily,
				size: parseFloat(s.fontSize),
				lh: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
				fonts: document.fonts.size,
				faces: [...document.styleSheets].some(sh => {
					try {
						return [...sh.cssRules].some(x =>
						    x instanceof CSSFontFaceRule);
					} catch (e) { return false; }
				}),
			};
		});
		notes.push(`${w}px: ${r.chars} characters a line, ` +
		    `${r.size}px/${r.lh.toFixed(2)}`);
		if (w >= 1280 && (r.chars < 60 || r.chars > 75))
			details.push(`${w}px: the measure is ${r.chars} characters`);
		if (w === 768 && r.chars > 75)
			details.push(`${w}px: the measure is ${r.chars} characters`);
		if (!/^system-ui/.test(r.family))
			details.push('the font is not the system stack: ' +
			    r.family);
		if (r.lh < 1.4 || r.lh > 1.8)
			details.push(`line height ${r.lh.toFixed(2)}`);
		if (r.size < 16)
			details.push(`body text is ${r.size}px`);
		if (r.faces)
			details.push('the stylesheet has @font-face rules');
	}
	return { ok: details.length === 0, details: details.concat(notes) };
}

/* Wide content: tables and code scroll inside themselves, images fit. */
async function wideContentCheck(page, blog) {
	await page.goto(blog.base + blog.cardPath);
	const details = [];
	for (const w of [320, 390]) {
		await page.setViewportSize({ width: w, height: 800 });
		const r = await page.evaluate(() => {
			const c = document.querySelector('.entry-content');
			const cw = c.getBoundingClientRect().right;
			const t = c.querySelector('table');
			const pre = c.querySelector('pre');
			const img = c.querySelector('img');
			const sx = e => getComputedStyle(e).overflowX;
			return {
				table: t && { sw: t.scrollWidth, cw: t.clientWidth,
				    right: t.getBoundingClientRect().right,
				    ox: sx(t) },
				pre: pre && { sw: pre.scrollWidth, cw: pre.clientWidth,
				    right: pre.getBoundingClientRect().right,
				    ox: sx(pre) },
				img: img && { right: img.getBoundingClientRect().right,
				    w: img.getBoundingClientRect().width,
				    complete: img.complete && img.naturalWidth > 0 },
				right: cw,
				blockquote: !!c.querySelector('blockquote'),
			};
		});
		for (const k of ['table', 'pre']) {
			const x = r[k];
			if (!x) {
				details.push(`no ${k} in the test post`);
				continue;
			}
			if (x.right > r.right + 0.5)
				details.push(`${w}px: the ${k} sticks out of the ` +
				    'column');
			if (x.sw > x.cw && !/auto|scroll/.test(x.ox))
				details.push(`${w}px: the ${k} is cut off (overflow-x ` +
				    `${x.ox})`);
		}
		if (!r.img || !r.img.complete)
			details.push('the image did not load');
		else if (r.img.right > r.right + 0.5)
			details.push(`${w}px: the image is wider than the column`);
		if (w === 320)
			details.push(`(320px: table ${r.table && r.table.sw}px in ` +
			    `${r.table && r.table.cw}px, scrolls by itself)`);
	}
	const bad = details.filter(d => !d.startsWith('('));
	return { ok: bad.length === 0, details };
}

/* The print stylesheet hides what is not the post. */
async function printCheck(page, blog, deep) {
	await page.setViewportSize({ width: 800, height: 1000 });
	await page.goto(blog.base + deep.path);
	await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
	const r = await page.evaluate(() => {
		const shown = sel => {
			const e = document.querySelector(sel);
			return e ? e.getClientRects().length > 0 &&
			    getComputedStyle(e).visibility !== 'hidden' : null;
		};
		const t = document.querySelector('.entry-content p');
		return {
			hidden: ['.skip-link', '.site-nav', '.sidebar', '#respond',
			    '.post-navigation', '.reply', '.site-footer']
			    .filter(s => shown(s) !== false),
			kept: ['.entry-title', '.entry-content', '.entry-meta',
			    '#comments .comment-list'].filter(s => shown(s) !== true),
			color: getComputedStyle(t).color,
			bg: getComputedStyle(document.body).backgroundColor,
		};
	});
	await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
	const details = [];
	if (r.hidden.length)
		details.push('still shown in print: ' + r.hidden.join(', '));
	if (r.kept.length)
		details.push('hidden in print: ' + r.kept.join(', '));
	if (r.color !== 'rgb(0, 0, 0)' || !/rgb\(255, 255, 255\)/.test(r.bg))
		details.push(`print colours ${r.color} on ${r.bg} (even when ` +
		    'the screen is dark)');
	return { ok: details.length === 0, details };
}

/* -- main --------------------------------------------------------------- */

async function main() {
	const only = (() => {
		const i = process.argv.indexOf('--only');
		return i > 0 ? process.argv[i + 1].split(',') : null;
	})();
	const htmlDir = lib.tempDir('quire-html-');
	const htmlFiles = {};
	let blog, browser;
	try {
		blog = await lib.startBlog();
		browser = await lib.launch();
		const deep = await lib.findDeepPost(blog.base);
		if (!deep.depth4)
			throw new Error('the demo post has no comment at depth 4');

		/* (5) JavaScript off: a reply through the form, which makes the
		   thread 5 deep for the checks below. */
		const noJs = await browser.newContext({ javaScriptEnabled: false });
		await attempt('JavaScript off: a reply sent through the form is ' +
		    '303 and then shown (or awaiting moderation)', async () => {
			const page = await noJs.newPage();
			const text = 'One plant it is, then: in the corner by the ' +
			    'shed, where it can spread.';
			const r = await lib.postDeepReply(page, blog.base, deep, text);
			const scripts = await page.evaluate(() => 1).then(() =>
			    'on', () => 'off');
			await page.close();
			return { ok: r.status === 303 && (r.body.includes(text) ||
			    /awaiting moderation/.test(r.body)),
			    details: r.status === 303 ? null :
			    `the POST answered ${r.status}; scripts ${scripts}` };
		});
		await noJs.close();

		const anon = await browser.newContext();
		const admin = await browser.newContext();
		await attempt('admin: logging in through the form works',
		    async () => {
			await lib.login(admin, blog.base);
			return { ok: true };
		});

		/* (1)-(4) on every page type. */
		for (const t of lib.pageTypes(blog, deep)) {
			if (only && !only.includes(t.name))
				continue;
			const ctx = t.group === 'admin' && !t.anonymous ? admin
			    : anon;
			await pageChecks(ctx, blog, t, htmlDir, htmlFiles);
		}

		/* HTML validity, one checker run for every page. */
		if (Object.keys(htmlFiles).length) {
			const v = vnuCheck(htmlFiles);
			if (v.error) {
				check('HTML validity (Nu HTML Checker)', false, v.error);
			} else {
				for (const name of Object.values(htmlFiles))
					check(`${name}: valid HTML (Nu HTML Checker)`,
					    v.out[name].length === 0,
					    v.out[name].slice(0, 8));
			}
		}

		if (!only || only.includes('extras')) {
			const page = await anon.newPage();
			await attempt('skip link: visible when focused on a phone, ' +
			    'and leads into #main', () =>
			    skipLinkCheck(page, blog, deep));
			await attempt('comment form: Tab from the top reaches every ' +
			    'field in order, each with a visible focus style', () =>
			    commentFormKeyboard(page, blog, deep));
			await attempt('comment form with JavaScript: Enter on Reply ' +
			    'moves the form under the comment, focused; Cancel ' +
			    'reply takes it back', () =>
			    replyKeyboard(page, blog, deep));
			await attempt('comment form: the error for an empty name is ' +
			    'tied to the field (aria-describedby, aria-invalid, ' +
			    'role=alert)', () => errorTiedCheck(page, blog, deep));
			for (const w of [390, 320])
				await attempt(`thread 5 deep at ${w} px: the indent ` +
				    'stops growing, thread lines, text column >= 200 px',
				    () => threadCheck(page, blog, deep, w));
			await attempt('typography: 60-75 characters a line, system ' +
			    'fonts, no web fonts, line height', () =>
			    typographyCheck(page, blog, deep));
			await attempt('wide content on phones: tables and code scroll ' +
			    'by themselves, images fit', () =>
			    wideContentCheck(page, blog));
			await attempt('print: nav, sidebar, comment form hidden; black ' +
			    'on white', () => printCheck(page, blog, deep));
			await page.close();

			/* (7) page weight. */
			const typical = await findPost(blog, TYPICAL_POST);
			const weights = [['typical post', typical],
			    ['the 5-deep thread', deep.path],
			    ['the test card', blog.cardPath]];
			for (const [label, p] of weights) {
				const w = await pageWeight(anon, blog.base + p);
				const line = `page weight, ${label} (${p}): HTML ` +
				    `${w.html} + CSS ${w.css} + JS ${w.js} = ${w.total} ` +
				    `bytes (${kb(w.total)})`;
				if (label === 'typical post')
					check(line + ` < ${kb(WEIGHT_LIMIT)}`,
					    w.total < WEIGHT_LIMIT, w.files);
				else
					console.log('# ' + line);
			}
		}
		await anon.close();
		await admin.close();
	} catch (e) {
		check('the test ran to the end', false, e && e.stack || e);
	} finally {
		if (browser)
			await browser.close().catch(() => {});
		if (blog)
			await blog.stop();
		fs.rmSync(htmlDir, { recursive: true, force: true });
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

async function findPost(blog, slug) {
	const out = spawnSync(lib.QUIRE, ['post', 'list', '--db', blog.db],
	    { encoding: 'utf8' }).stdout || '';
	const line = out.split('\n').find(l => l.includes('/' + slug + '/'));
	if (!line)
		throw new Error('no post ' + slug + ' in quire post list');
	return new URL(line.split('\t').pop()).pathname;
}

main();

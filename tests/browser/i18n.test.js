'use strict';
/*
 * i18n.test.js: the theme in every shipped language in a real browser
 * (Debian's chromium through playwright-core), against a real quire
 * behind nginx with the demo content.
 *
 * For each language (po/*.po) and each public page type, and the admin's
 * login page: axe-core finds no violations at 390 and 1280 px, and the
 * page does not scroll sideways (scrollWidth <= innerWidth). For Arabic
 * the page is right to left (dir=rtl, the header's title on the right)
 * and a screenshot at 390 and 1280 px of each page goes to
 * tests/browser/out/i18n-ar-NAME-WIDTH.png.
 *   node tests/browser/i18n.test.js
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const AXE = path.join(lib.TOP, 'tests', 'node_modules', 'axe-core',
    'axe.min.js');
const WIDTHS = [390, 1280];
const OUT = path.join(lib.TOP, 'tests', 'browser', 'out');
const LANGS = fs.readdirSync(path.join(lib.TOP, 'po'))
    .filter(f => f.endsWith('.po')).map(f => f.slice(0, -3)).sort();

let count = 0, passed = 0, failed = 0;

function check(name, ok, details) {
	count++;
	if (ok)
		passed++;
	else
		failed++;
	console.log(`${ok ? 'ok' : 'fail'} ${count} - ${name}`);
	for (const d of ok ? [] : [].concat(details || []))
		if (d)
			console.log('#   ' + String(d).split('\n').join('\n#   '));
}

const axeSource = fs.readFileSync(AXE, 'utf8');

async function axeRun(page) {
	if (!(await page.evaluate('typeof window.axe')).startsWith('object'))
		await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, {
			resultTypes: ['violations'],
		});
		return r.violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` +
		    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
	});
}

function setLanguage(db, lang) {
	const py = 'import sqlite3, sys\n' +
	    'c = sqlite3.connect(sys.argv[1])\n' +
	    'c.execute("INSERT INTO settings(key, value) VALUES(\'language\', ?) ' +
	    'ON CONFLICT(key) DO UPDATE SET value = excluded.value", ' +
	    '(sys.argv[2],))\nc.commit()\n';
	const p = spawnSync('/usr/bin/python3', ['-c', py, db, lang],
	    { encoding: 'utf8' });
	if (p.status !== 0)
		throw new Error('could not set the language: ' + p.stderr);
}

async function main() {
	const blog = await lib.startBlog();
	let browser;
	try {
		browser = await lib.launch();
		const context = await browser.newContext();
		const page = await context.newPage();
		const deep = await lib.findDeepPost(blog.base);
		const types = lib.pageTypes(blog, deep).filter(t =>
		    (t.group === 'public' && !t.open) ||
		    t.name === 'admin-login');
		fs.mkdirSync(OUT, { recursive: true });
		for (const lang of LANGS) {
			setLanguage(blog.db, lang);
			for (const t of types) {
				const name = `${lang} ${t.name}`;
				const r = await page.goto(blog.base + t.path);
				const html = await page.evaluate(() => ({
				    lang: document.documentElement.lang,
				    dir: document.documentElement.dir }));
				const rtl = lang === 'ar';
				check(`${name}: ${t.status}, lang=${lang}` +
				    (rtl ? ', dir=rtl' : ''), r.status() === t.status &&
				    html.lang === lang && (html.dir === 'rtl') === rtl,
				    `status ${r.status()}, lang ${html.lang}, dir ` +
				    `${html.dir}`);
				const details = [];
				for (const w of WIDTHS) {
					await page.setViewportSize({ width: w, height: 900 });
					const s = await page.evaluate(() => ({
					    sw: document.documentElement.scrollWidth,
					    iw: window.innerWidth }));
					if (s.sw > s.iw)
						details.push(`${w}px: scrollWidth ${s.sw} > ` +
						    `${s.iw}`);
					for (const v of await axeRun(page))
						details.push(`${w}px: ${v}`);
					if (rtl)
						await page.screenshot({ path: path.join(OUT,
						    `i18n-ar-${t.name}-${w}.png`),
						    fullPage: true });
				}
				check(`${name}: axe clean, no sideways scroll at ` +
				    WIDTHS.join(' and ') + ' px', details.length === 0,
				    details);
			}
		}
		/* Right to left: the site title sits at the right edge. */
		setLanguage(blog.db, 'ar');
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(blog.base + '/');
		const box = await page.evaluate(() => {
			const r = document.querySelector('.site-title a')
			    .getBoundingClientRect();
			return { left: r.left, right: r.right, w: innerWidth };
		});
		check('ar: the site title is on the right', box.right > box.w / 2 &&
		    box.left > box.w / 4, JSON.stringify(box));
	} finally {
		if (browser)
			await browser.close();
		await blog.stop();
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch(e => {
	console.log('fail - ' + (e && e.stack || e));
	lib.stopChildren();
	process.exit(1);
});

'use strict';
/*
 * screenshots.js: `make screenshots`. Every page type, public and admin,
 * at 390 and 1280 px wide, light and dark, as full-page PNGs in
 * tests/browser/out/NAME-WIDTH-MODE.png (not committed).
 *
 *   node tests/browser/screenshots.js          all of them
 *   node tests/browser/screenshots.js --docs   also docs/screenshot-post.png
 *                                              and docs/screenshot-home-dark.png
 *                                              (phone-sized, for the README;
 *                                              made small with pngquant if
 *                                              it is installed)
 */
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const OUT = path.join(__dirname, 'out');
const WIDTHS = [390, 1280];
const MODES = ['light', 'dark'];

async function main() {
	const docs = process.argv.includes('--docs');
	fs.mkdirSync(OUT, { recursive: true });
	const blog = await lib.startBlog();
	let browser;
	let failed = 0, written = 0;
	try {
		browser = await lib.launch();
		const deep = await lib.findDeepPost(blog.base);
		const anon = await browser.newContext();
		const admin = await browser.newContext();
		await lib.login(admin, blog.base);

		/* A fifth level in the thread, as in the tests. */
		const p = await anon.newPage();
		const r = await lib.postDeepReply(p, blog.base, deep,
		    'Thank you both: one plant it is, in the corner by the shed.');
		await p.close();
		if (r.status !== 303)
			console.log('note: the fifth-level reply was answered ' +
			    r.status);

		for (const t of lib.pageTypes(blog, deep)) {
			const ctx = t.group === 'admin' && !t.anonymous ? admin
			    : anon;
			const page = await ctx.newPage();
			try {
				await page.setViewportSize({ width: 1280,
				    height: 900 });
				const resp = await lib.openPage(page, blog, t);
				const status = resp ? resp.status() : 0;
				if (status !== t.status) {
					console.log(`note: ${t.name} answered ` +
					    `${status}, not ${t.status}`);
				}
				for (const w of WIDTHS) {
					for (const m of MODES) {
						await page.setViewportSize({
						    width: w, height: w < 800 ?
						    844 : 900 });
						await page.emulateMedia({
						    colorScheme: m });
						const f = path.join(OUT,
						    `${t.name}-${w}-${m}.png`);
						await page.screenshot({ path: f,
						    fullPage: true });
						written++;
					}
				}
			} catch (e) {
				failed++;
				console.log(`fail - ${t.name}: ${e.message}`);
			} finally {
				await page.close();
			}
		}

		if (docs) {
			const dir = path.join(lib.TOP, 'docs');
			fs.mkdirSync(dir, { recursive: true });
			const phone = await browser.newContext({
			    viewport: { width: 390, height: 844 },
			    deviceScaleFactor: 1 });
			const shots = [
				/* The post's comment thread, 5 deep, on a phone. */
				['screenshot-post.png', deep.path, 'light',
				    '.comment-list > li:has(.depth-5)'],
				['screenshot-home-dark.png', '/', 'dark', null],
			];
			const pngquant = ['/usr/bin/pngquant', '/usr/local/bin/pngquant']
			    .find(f => fs.existsSync(f));
			for (const [name, url, mode, at] of shots) {
				const page = await phone.newPage();
				await page.emulateMedia({ colorScheme: mode });
				await page.goto(blog.base + url);
				if (at) {
					/* From the post's title down. */
					await page.evaluate((sel) => {
						const e = document.querySelector(sel);
						window.scrollTo(0, e.getBoundingClientRect()
						    .top + window.scrollY - 8);
					}, at);
				}
				const f = path.join(dir, name);
				await page.screenshot({ path: f });
				/* Small for the repository: 64 colours are plenty. */
				if (pngquant)
					require('child_process').spawnSync(pngquant, ['--force',
					    '--skip-if-larger', '--strip', '--ext', '.png', '64',
					    f]);
				console.log(`wrote docs/${name} (${fs.statSync(f).size} ` +
				    'bytes)' + (pngquant ? '' : '; install pngquant to ' +
				    'make it smaller'));
				await page.close();
			}
		}
	} finally {
		if (browser)
			await browser.close();
		await blog.stop();
	}
	console.log(`wrote ${written} screenshots to ` +
	    path.relative(lib.TOP, OUT) + '/' +
	    (failed ? `; ${failed} page types failed` : ''));
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.log('fail - ' + (e && e.stack || e));
	lib.stopChildren();
	process.exit(1);
});

#!/usr/bin/env node
/*
 * autosave.test.js: static/admin.js's autosave in a real browser (issue
 * 20). An author types in the editor of a saved post; 30 seconds of
 * typing later (the page's clock is moved on, not waited for) the text
 * is stored as their autosave and the page says so; after a reload the
 * banner offers it, and its link brings every character back, unsaved.
 *
 *   node tests/browser/autosave.test.js
 *
 * Prints `ok N - ...` or `fail N - ...` per check and ends with
 * `N passed, N failed`. The servers are stopped by PID (lib.js).
 */
'use strict';

const { startBlog, launch, login, stopChildren } = require('./lib');

let passed = 0, failed = 0, n = 0;

async function check(name, fn) {
	n++;
	try {
		await fn();
		passed++;
		console.log('ok ' + n + ' - ' + name);
	} catch (e) {
		failed++;
		console.log('fail ' + n + ' - ' + name);
		console.log('#   ' + String(e && e.message || e).split('\n')[0]);
	}
}

function assert(cond, msg) {
	if (!cond)
		throw new Error(msg);
}

const TYPED = 'Typed since the last save: \u00e9 <b>kept</b> & "quoted"';

async function main() {
	const blog = await startBlog();
	const browser = await launch();
	try {
		const context = await browser.newContext();
		await login(context, blog.base);
		const page = await context.newPage();
		const errors = [];
		page.on('console', m => {
			if (m.type() === 'error')
				errors.push(m.text());
		});
		await page.clock.install();
		await page.goto(blog.base + '/admin/posts/new');
		await page.fill('#title', 'Autosave test');
		await page.fill('#body', 'The saved text.');
		await Promise.all([page.waitForNavigation(),
		    page.click('button[name=save]')]);
		const editor = page.url().replace(/\?.*/, '');
		await check('the post is saved', async () => {
			assert(/\/admin\/posts\/\d+$/.test(editor), editor);
		});
		let posted = null;
		page.on('request', req => {
			if (/\/autosave$/.test(req.url()))
				posted = req.postData();
		});
		await page.fill('#body', TYPED);
		await page.clock.runFor(31000);
		await check('30 s of typing: an autosave is sent', async () => {
			await page.waitForFunction(() => /Autosaved at/.test(
			    document.getElementById('autosave-status')
			    .textContent), null, { timeout: 10000 });
			assert(posted && posted.indexOf('csrf=') >= 0,
			    'no token in ' + posted);
		});
		await page.reload();
		await check('the banner offers the autosave', async () => {
			const b = await page.$('.autosave-banner a');
			assert(b, 'no banner');
			await Promise.all([page.waitForNavigation(), b.click()]);
			const v = await page.inputValue('#body');
			assert(v === TYPED, 'body: ' + v);
			const main = await page.textContent('main');
			assert(/not saved yet/.test(main), 'no notice');
		});
		await check('no script errors (CSP)', async () => {
			assert(errors.length === 0, errors.join('; '));
		});
		await context.close();
	} finally {
		await browser.close();
		await blog.stop();
	}
}

main().catch(e => {
	failed++;
	console.log('fail - ' + (e && e.stack || e));
}).finally(() => {
	stopChildren();
	console.log(passed + ' passed, ' + failed + ' failed');
	process.exit(failed ? 1 : 0);
});

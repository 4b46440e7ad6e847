'use strict';
/*
 * weight.test.js: the page weight of the home page with photos (issue
 * 16's bar), in a real browser (Debian's chromium through
 * playwright-core) against a real quire behind nginx, holding exactly
 * what `make run` holds: `quire demo` content, whose newest posts show
 * photos made by the demo (no test card post).
 *
 * At 390 x 844 (a phone, device pixel ratio 1 and 3), loading / with an
 * empty cache:
 *   - the photos' thumbnails are there (the demo's photos are shown);
 *   - every <img> has width and height attributes (no layout shift);
 *   - the bytes transferred (headers and bodies, as the DevTools
 *     protocol counts them) at the load event are under 500 KB, and so
 *     are they after scrolling to the bottom (the lazy photos loaded).
 * Prints the bytes and requests of each, to be quoted.
 *   node tests/browser/weight.test.js
 */
const lib = require('./lib');

const LIMIT = 500 * 1000;	/* bytes: "under 500 KB" */
const VIEWPORT = { width: 390, height: 844 };

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

/* Load url in a fresh context at the given pixel ratio: the bytes and
   requests at load and after scrolling to the bottom, and the <img>s. */
async function weigh(browser, url, dpr) {
	const context = await browser.newContext({ viewport: VIEWPORT,
	    deviceScaleFactor: dpr, isMobile: true, hasTouch: true });
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const got = { bytes: 0, n: 0, urls: [] };
		cdp.on('Network.loadingFinished', e => {
			got.bytes += e.encodedDataLength;
			got.n++;
		});
		cdp.on('Network.responseReceived', e => got.urls.push(
		    new URL(e.response.url).pathname));
		await page.goto(url, { waitUntil: 'load' });
		const atLoad = { bytes: got.bytes, n: got.n };
		await page.evaluate(async () => {
			for (let y = 0; y < document.body.scrollHeight;
			    y += window.innerHeight) {
				window.scrollTo(0, y);
				await new Promise(r => setTimeout(r, 50));
			}
		});
		await page.waitForLoadState('networkidle');
		const imgs = await page.$$eval('img', l => l.map(i => ({
			src: i.getAttribute('src'),
			width: i.getAttribute('width'),
			height: i.getAttribute('height'),
			current: i.currentSrc,
		})));
		return { atLoad, all: { bytes: got.bytes, n: got.n },
		    urls: got.urls, imgs };
	} finally {
		await context.close();
	}
}

function kb(n) {
	return (n / 1000).toFixed(1) + ' KB';
}

async function main() {
	const blog = await lib.startBlog({ card: false });
	const browser = await lib.launch();
	try {
		for (const dpr of [1, 3]) {
			const w = await weigh(browser, blog.base + '/', dpr);
			const photos = w.imgs.filter(i => /^\/media\//.test(i.src));
			const where = `home page at 390x844, pixel ratio ${dpr}`;
			check(`${where}: the demo's photos are shown`,
			    photos.length >= 4, `${photos.length} photos: ` +
			    photos.map(i => i.current).join(', '));
			const bare = w.imgs.filter(i => !i.width || !i.height);
			check(`${where}: every <img> has width and height`,
			    w.imgs.length > 0 && bare.length === 0,
			    bare.map(i => 'no width/height: ' + i.src));
			check(`${where}: ${kb(w.atLoad.bytes)} in ` +
			    `${w.atLoad.n} requests at the load event, under ` +
			    kb(LIMIT), w.atLoad.bytes < LIMIT);
			check(`${where}: ${kb(w.all.bytes)} in ${w.all.n} ` +
			    `requests scrolled to the bottom, under ${kb(LIMIT)}`,
			    w.all.bytes < LIMIT, w.all.bytes < LIMIT ? null :
			    w.urls.join(' '));
		}
	} finally {
		await browser.close();
		await blog.stop();
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch(e => {
	console.log('fail - ' + (e && e.stack || e));
	console.log(`${passed} passed, ${failed + 1} failed`);
	lib.stopChildren();
	process.exit(1);
});

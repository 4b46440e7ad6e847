#!/usr/bin/env node
/*
 * media.test.js: photos through the editor in a real browser (Debian's
 * chromium through playwright-core), issue 16.
 *
 *   node tests/browser/media.test.js
 *
 * A JPEG as a phone writes it (3000 x 2000 pixels stored sideways with
 * EXIF orientation 6, a camera name and a GPS position; made here with
 * python3-pil) is chosen in the editor's `images' field (setInputFiles)
 * and the post published. The post page must show it as a <picture>
 * with a WebP source, a srcset of several widths, width and height,
 * upright (taller than wide as the browser decodes it), and the files
 * served must hold no EXIF. Then axe-core and the Nu checker on
 * /admin/media and /admin/media/ID. Prints `ok N - ...` / `fail N - ...`
 * and `N passed, N failed`; quire and nginx are stopped by PID at the end.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const AXE = path.join(lib.TOP, 'tests', 'node_modules', 'axe-core',
    'axe.min.js');
const VNU = path.join(lib.TOP, 'tests', 'node_modules', 'vnu-jar', 'build',
    'dist', 'vnu.jar');

let passed = 0, failed = 0, n = 0;

function report(ok, name, details) {
	n++;
	if (ok)
		passed++;
	else
		failed++;
	console.log(`${ok ? 'ok' : 'fail'} ${n} - ${name}`);
	if (!ok && details)
		for (const d of [].concat(details))
			console.log('    ' + d);
}

const PHOTO = `
import sys
from PIL import Image, ImageDraw
im = Image.new("RGB", (3000, 2000), (200, 40, 40))
ImageDraw.Draw(im).rectangle([0, 0, 1500, 1000], fill=(30, 200, 30))
exif = Image.Exif()
exif[0x0112] = 6
exif[0x010F] = "QuireCam"
exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
im.save(sys.argv[1], "JPEG", quality=90, exif=exif.tobytes())
`;

async function axeViolations(page) {
	await page.evaluate(fs.readFileSync(AXE, 'utf8'));
	return page.evaluate(async () => {
		const r = await window.axe.run(document,
		    { resultTypes: ['violations'] });
		return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} ` +
		    v.nodes.slice(0, 3).map(x => x.target.join(' ')).join(', '));
	});
}

function vnu(files) {
	const p = spawnSync('java', ['-jar', VNU, '--errors-only', '--stdout',
	    '--format', 'json'].concat(files), { encoding: 'utf8',
	    timeout: 300000, maxBuffer: 64 << 20 });
	const r = JSON.parse(p.stdout);
	return (r.messages || []).filter(m => m.type === 'error' ||
	    m.type === 'non-document-error').map(m =>
	    `${path.basename(m.url || '')} line ${m.lastLine}: ${m.message}`);
}

async function main() {
	const blog = await lib.startBlog();
	const browser = await lib.launch();
	try {
		const dir = lib.tempDir('quire-media-browser-');
		const jpg = path.join(dir, 'Trail at dawn.jpg');
		const python = fs.existsSync('/usr/bin/python3') ?
		    '/usr/bin/python3' : 'python3';
		const py = spawnSync(python, ['-c', PHOTO, jpg],
		    { encoding: 'utf8' });
		if (py.status !== 0) {
			console.log('skip 1 - python3-pil is needed to make the ' +
			    'photo: ' + py.stderr.slice(0, 200));
			console.log('0 passed, 0 failed, 1 skipped');
			return;
		}
		const context = await browser.newContext();
		await lib.login(context, blog.base);
		const page = await context.newPage();
		page.setDefaultTimeout(30000);

		await page.goto(blog.base + '/admin/posts/new');
		await page.fill('#title', 'Up the hill');
		await page.fill('#body', 'Before breakfast.');
		await page.check('#status-publish');
		await page.setInputFiles('#images', jpg);
		const [resp] = await Promise.all([page.waitForNavigation(),
		    page.click('button[name=save]')]);
		report(/\/admin\/posts\/\d+\?done=published$/.test(page.url()),
		    'the editor saves a post with a photo chosen in `images`',
		    [page.url(), resp && resp.status()]);
		const body = await page.inputValue('#body');
		const m = body.match(/!\[Trail at dawn\]\(\/media\/(\d+)\)/);
		report(m !== null, 'the photo is appended to the text as ' +
		    'Markdown with its alt text', body);
		const view = await page.getAttribute('a:text("View")', 'href');
		await page.goto(blog.base + view);
		const pic = await page.evaluate(() => {
			const p = document.querySelector('.entry-content picture');
			if (!p)
				return null;
			const img = p.querySelector('img');
			const src = p.querySelector('source[type="image/webp"]');
			return {
				webp: src ? src.getAttribute('srcset') : null,
				srcset: img.getAttribute('srcset'),
				width: img.getAttribute('width'),
				height: img.getAttribute('height'),
				alt: img.getAttribute('alt'),
				current: img.currentSrc,
				complete: img.complete,
			};
		});
		report(pic !== null && pic.webp && pic.srcset &&
		    pic.srcset.split(',').length >= 3 && pic.alt === 'Trail at dawn',
		    'the post page has a <picture> with a WebP source and a ' +
		    'srcset of several widths', JSON.stringify(pic));
		report(pic && pic.width === '2000' && pic.height === '3000',
		    'width and height are those of the upright photo',
		    JSON.stringify(pic));
		await page.evaluate(() => {
			const img = document.querySelector('.entry-content img');
			img.loading = 'eager';
			return img.decode();
		});
		const nat = await page.evaluate(() => {
			const img = document.querySelector('.entry-content img');
			return { w: img.naturalWidth, h: img.naturalHeight,
			    src: img.currentSrc };
		});
		report(nat.w > 0 && nat.w < nat.h, 'the photo is upright as ' +
		    'the browser decodes it (narrower than tall)',
		    JSON.stringify(nat));
		const files = new Set();
		for (const u of (pic.srcset + ',' + pic.webp).split(','))
			files.add(u.trim().split(' ')[0]);
		const leaks = [];
		for (const f of files) {
			const b = Buffer.from(await (await fetch(blog.base + f))
			    .arrayBuffer());
			if (b.includes('Exif') || b.includes('QuireCam') ||
			    b.includes('GPS'))
				leaks.push(f);
		}
		report(files.size >= 4 && leaks.length === 0, 'no served ' +
		    `variant (${files.size}) holds EXIF, a camera name or GPS`,
		    leaks);

		/* The library pages: axe-core and the Nu checker. */
		const saved = [];
		for (const p of ['/admin/media', '/admin/media/' + (m ? m[1] : 1)]) {
			await page.setViewportSize({ width: 1280, height: 900 });
			await page.goto(blog.base + p);
			const v = await axeViolations(page);
			await page.setViewportSize({ width: 390, height: 900 });
			const v390 = await axeViolations(page);
			report(v.length === 0 && v390.length === 0,
			    `${p}: axe-core finds no violations (1280 and 390 px)`,
			    v.concat(v390));
			const f = path.join(dir, p.replace(/\W+/g, '_') + '.html');
			fs.writeFileSync(f, await (await context.request.get(
			    blog.base + p)).text());
			saved.push(f);
		}
		if (fs.existsSync(VNU)) {
			const errs = vnu(saved);
			report(errs.length === 0, 'the Nu checker finds no error on ' +
			    '/admin/media and /admin/media/ID', errs);
		} else
			report(false, 'the Nu checker: no ' + VNU);
		await context.close();
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

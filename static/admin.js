/*
 * admin.js: optional comforts for the post editor: a warning before
 * leaving with unsaved changes, and Ctrl/Cmd+S to save. Everything works
 * without it.
 */
(function () {
	'use strict';
	var form = document.getElementById('editor');
	if (!form || !window.addEventListener)
		return;
	var dirty = false;
	form.addEventListener('input', function () { dirty = true; });
	form.addEventListener('submit', function () { dirty = false; });
	window.addEventListener('beforeunload', function (e) {
		if (dirty) {
			e.preventDefault();
			e.returnValue = '';
		}
	});
	document.addEventListener('keydown', function (e) {
		if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) {
			e.preventDefault();
			var save = form.querySelector('button[name=save]');
			dirty = false;
			if (form.requestSubmit)
				form.requestSubmit(save);
			else
				save.click();
		}
	});
})();

/*
 * Autosave (issue 20): after 30 seconds of typing in the editor of a
 * saved post, what the form holds is sent to its autosave address
 * (data-autosave) as the author's autosave, a revision that leaves the
 * post as it is; the editor's banner offers it back after a reload.
 */
(function () {
	'use strict';
	var form = document.getElementById('editor');
	if (!form || !form.getAttribute('data-autosave') || !window.fetch ||
	    !window.URLSearchParams)
		return;
	var url = form.getAttribute('data-autosave');
	var status = document.getElementById('autosave-status');
	var timer = null;
	var names = ['csrf', 'title', 'body', 'tags', 'excerpt', 'format'];

	function send() {
		timer = null;
		var p = new URLSearchParams();
		names.forEach(function (n) {
			var f = form.elements[n];
			if (f)
				p.append(n, f.value);
		});
		fetch(url, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'Content-Type':
			    'application/x-www-form-urlencoded' },
			body: p.toString()
		}).then(function (r) {
			if (status)
				status.textContent = r.ok ? 'Autosaved at ' +
				    new Date().toLocaleTimeString() + '.' :
				    'Autosave failed (' + r.status + '): ' +
				    'save the post to keep your text.';
		}).catch(function () {
			if (status)
				status.textContent = 'Autosave failed: save ' +
				    'the post to keep your text.';
		});
	}
	form.addEventListener('input', function () {
		if (timer === null)
			timer = window.setTimeout(send, 30000);
	});
	form.addEventListener('submit', function () {
		if (timer !== null)
			window.clearTimeout(timer);
		timer = null;
	});
})();

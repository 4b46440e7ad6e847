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

/* reply.js: the comment form moves under the comment answered, and back.
   Optional: without it, Reply loads ?replyto=ID and the server moves it. */
(function () {
	'use strict';
	var respond = document.getElementById('respond');
	var parentField = document.getElementById('comment_parent');
	var title = document.getElementById('reply-title');
	if (!respond || !parentField || !title || !document.addEventListener)
		return;
	var home = document.createComment('respond');
	respond.parentNode.insertBefore(home, respond);
	var original = title.cloneNode(true);

	function setTitle(name) {
		while (title.firstChild)
			title.removeChild(title.firstChild);
		if (name === null) {
			var kids = original.cloneNode(true).childNodes;
			while (kids.length)
				title.appendChild(kids[0]);
			return;
		}
		title.appendChild(document.createTextNode((respond.getAttribute(
		    'data-reply') || 'Reply to {name}').replace('{name}', name) + ' '));
		var small = document.createElement('small');
		var cancel = document.createElement('a');
		cancel.id = 'cancel-comment-reply-link';
		cancel.rel = 'nofollow';
		cancel.href = '#respond';
		cancel.textContent = respond.getAttribute('data-cancel') ||
		    'Cancel reply';
		small.appendChild(cancel);
		title.appendChild(small);
	}

	function moveTo(li) {
		var body = li.querySelector('.comment-body');
		var name = li.querySelector('.fn');
		li.insertBefore(respond, body ? body.nextSibling : li.firstChild);
		parentField.value = li.id.replace('comment-', '');
		setTitle(name ? name.textContent.trim() : 'comment');
		var text = document.getElementById('comment');
		if (text)
			text.focus();
	}

	function moveHome() {
		home.parentNode.insertBefore(respond, home.nextSibling);
		parentField.value = '0';
		setTitle(null);
	}

	document.addEventListener('click', function (e) {
		var t = e.target;
		if (!t || !t.closest)
			return;
		var reply = t.closest('a.comment-reply-link');
		if (reply) {
			var li = reply.closest('li.comment');
			if (li) {
				e.preventDefault();
				moveTo(li);
			}
			return;
		}
		if (t.closest('#cancel-comment-reply-link') && respond.parentNode !==
		    home.parentNode) {
			e.preventDefault();
			moveHome();
			title.scrollIntoView();
		}
	});
})();

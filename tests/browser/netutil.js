/*
 * netutil.js: small helpers the browser tests share, with no side effects
 * on require (lib.js and xss.test.js each keep their own process handling).
 */
'use strict';

const net = require('net');

/* A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const port = s.address().port;
			s.close(() => resolve(port));
		});
	});
}

/* Does something accept connections on 127.0.0.1:port (within 0.5 s)? */
function connects(port) {
	return new Promise(resolve => {
		const s = net.connect(port, '127.0.0.1');
		s.on('connect', () => { s.destroy(); resolve(true); });
		s.on('error', () => resolve(false));
		s.setTimeout(500, () => { s.destroy(); resolve(false); });
	});
}

function sleep(ms) {
	return new Promise(r => setTimeout(r, ms));
}

module.exports = { freePort, connects, sleep };

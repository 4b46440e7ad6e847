/*
 * netutil.js: small helpers the browser tests share, with no side effects
 * on require (lib.js and xss.test.js each keep their own process handling).
 */
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');

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

/*
 * Record a server the tests started (a ChildProcess) in $QUIRE_TEST_PIDS,
 * if set: a file named by its PID holding its start time (from
 * /proc/PID/stat, so that a reused PID is not taken for it) and its
 * command line. tests/check.sh reports, and stops by PID, any recorded
 * process still running at the end. Returns the child.
 */
function trackPid(child, argv) {
	const dir = process.env.QUIRE_TEST_PIDS;
	if (!dir || !child.pid)
		return child;
	try {
		const stat = fs.readFileSync('/proc/' + child.pid + '/stat',
		    'utf8');
		const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
		fs.writeFileSync(path.join(dir, String(child.pid)), start + '\n' +
		    argv.join(' ') + '\n');
	} catch (e) { /* gone already, or no such directory */ }
	return child;
}

module.exports = { freePort, connects, sleep, trackPid };

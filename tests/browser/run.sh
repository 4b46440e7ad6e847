#!/bin/sh
# run.sh: every browser test (tests/browser/*.test.js), each with its own
# quire and nginx, in Debian's chromium through playwright-core. Prints
# each test's ok/fail/skip lines, then one combined
# "N passed, N failed, N skipped" (a test may print "skip N - reason" and
# end with "N passed, N failed, N skipped").
#   sh tests/browser/run.sh            (QUIRE=/path/to/quire to test another build)
cd "$(dirname "$0")/../.." || exit 1
pass=0
fail=0
skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

need() {	# what, how to get it
	echo "tests/browser: $1 is missing ($2)"
	fail=$((fail + 1))
}
[ -x ./quire ] || [ -n "$QUIRE" ] || need ./quire "run make"
command -v node > /dev/null || need node "apt-get install nodejs"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need chromium "apt-get install chromium"
for m in playwright-core axe-core vnu-jar; do
	[ -d "tests/node_modules/$m" ] || need "tests/node_modules/$m" "cd tests && npm ci"
done
if [ "$fail" -gt 0 ]; then
	echo "0 passed, $fail failed, 0 skipped"
	exit 1
fi

for t in tests/browser/*.test.js; do
	[ -f "$t" ] || continue
	node "$t" > "$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' \
	    "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$t: no result line (exit $rc)"
		fail=$((fail + 1))
		continue
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	s=0
	case $line in
	*skipped) s=${line##*failed, }; s=${s%% skipped} ;;
	esac
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t: exit $rc with no failed check"
		fail=$((fail + 1))
	fi
	echo "$t: $line"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

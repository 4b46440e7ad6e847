#!/bin/sh
# check.sh: run every test suite; the last line is
# "N passed, N failed, N skipped", and the exit status is non-zero when
# anything failed.
#   sh tests/check.sh tests/unit/test_a tests/unit/test_b ...
# Unit test programs print ok/fail/skip lines and their own
# "N passed, N failed[, N skipped]"; then a short fuzzing pass, the HTTP
# suite (pytest through real nginx) and the browser tests run.
#
# Skips: a test whose external corpus is absent (the Mustache spec, the
# WordPress exports: $QUIRE_SHARED, default ../shared beside the
# repository) is skipped with its reason, never failed.
#
# Processes: every server the tests start records its PID (with its start
# time and command line) in $QUIRE_TEST_PIDS, made here. At the end any
# of them still running is reported as a failure and stopped, by PID
# only: nothing else is touched.
pass=0
fail=0
skip=0
log=$(mktemp)
QUIRE_TEST_PIDS=$(mktemp -d "${TMPDIR:-/tmp}/quire-test-pids.XXXXXX")
export QUIRE_TEST_PIDS
trap 'rm -rf "$log" "$log.counts" "$QUIRE_TEST_PIDS"' EXIT

count() {	# file label exit-status
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' \
	    "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$2: no result line (crashed?)"
		sed -n '1,40p' "$1"
		fail=$((fail + 1))
		return
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
	echo "$2: $line"
	# The reasons for skips (unit: "skip N - why"; pytest: SKIPPED lines).
	grep -E '^(skip [0-9]+ - |SKIPPED )' "$1" | head -n 20
	if [ "$f" -gt 0 ] || [ "$3" -ne 0 ]; then
		grep -E '^(fail|not ok)|ERROR|Sanitizer|runtime error' "$1" | head -n 40
		[ "$f" -eq 0 ] && fail=$((fail + 1))
	fi
}

# Processes the suites started and left running: report and stop them.
leftovers() {
	n=0
	for f in "$QUIRE_TEST_PIDS"/*; do
		[ -f "$f" ] || continue
		pid=${f##*/}
		case $pid in *[!0-9]*) continue ;; esac
		st=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
		# The same process (not a reused PID), and not a zombie.
		[ "$(echo "$st" | cut -d' ' -f20)" = "$(sed -n 1p "$f")" ] || continue
		[ "$(echo "$st" | cut -d' ' -f1)" = Z ] && continue
		echo "fail - left running by the tests: pid $pid: $(tr '\0' ' ' \
		    < "/proc/$pid/cmdline")"
		kill -TERM "$pid" 2>/dev/null
		n=$((n + 1))
	done
	if [ "$n" -gt 0 ]; then
		sleep 3
		for f in "$QUIRE_TEST_PIDS"/*; do
			pid=${f##*/}
			st=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
			[ "$(echo "$st" | cut -d' ' -f20)" = "$(sed -n 1p "$f")" ] &&
			    kill -KILL "$pid" 2>/dev/null
		done
		echo "tests: $n processes left running (stopped now)"
		fail=$((fail + n))
	else
		echo "tests: no process left running"
	fi
}

for t in "$@"; do
	"./$t" > "$log" 2>&1
	count "$log" "$t" $?
done

# The golden pages: a fixed blog's answers, byte for byte.
sh tests/golden/run.sh > "$log" 2>&1
count "$log" "tests/golden" 0

# A short fuzzing pass: a crash in a parser fails the build.
sh tests/fuzz/run.sh "${FUZZ_CHECK_SECONDS:-15}" > "$log" 2>&1
count "$log" "tests/fuzz" 0

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pytest' 2>/dev/null; then
	QUIRE_TEST_COUNTS=$log.counts /usr/bin/python3 -m pytest -q -rsxX \
	    --confcutdir=tests/http \
	    -p no:cacheprovider tests/http > "$log" 2>&1
	rc=$?
	tail -n 60 "$log" | grep -vE '^\s*$|^(SKIPPED|XFAIL) ' | tail -n 40
	grep -E '^XFAIL ' "$log" | sed 's/^/known bug (xfail): /'
	if [ -f "$log.counts" ]; then
		grep -E '^SKIPPED ' "$log" >> "$log.counts"
		count "$log.counts" "tests/http" 0
	else
		echo "tests/http: pytest did not run (exit $rc)"
		fail=$((fail + 1))
	fi
else
	echo "tests/http: no /usr/bin/python3 with pytest (apt-get install python3-pytest)"
	fail=$((fail + 1))
fi
# The browser tests: axe, layout, keyboard, no third party, XSS, admin.
sh tests/browser/run.sh > "$log" 2>&1
count "$log" "tests/browser" 0

leftovers
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

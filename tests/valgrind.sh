#!/bin/sh
# valgrind.sh: `make valgrind`. HTTP tests through nginx with `quire serve`
# run under valgrind's memcheck (master and every forked worker, each with
# a log of its own); passes when the tests pass and every log ends with
# 0 errors and no definitely or indirectly lost bytes.
#   VALGRIND_TESTS="tests/http/test_faults.py -k 'not kill'" sh tests/valgrind.sh
# (pytest arguments, quoted as in the shell). The default is the pages,
# comments and protocol tests: the admin tests spend minutes hashing
# passwords under valgrind, and the kill tests leave no summaries.
set -u
eval "set -- ${VALGRIND_TESTS:-tests/http/test_pages.py tests/http/test_comments.py tests/http/test_protocol.py}"
command -v valgrind >/dev/null 2>&1 ||
    { echo "valgrind: not installed (apt-get install valgrind)"; exit 1; }
dir=$(mktemp -d /tmp/quire-valgrind-XXXXXX)

QUIRE_WRAPPER="valgrind --trace-children=yes --leak-check=full \
--errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
--log-file=$dir/vg.%p.log" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "$@" > "$dir/pytest.log" 2>&1
rc=$?
tail -n 5 "$dir/pytest.log"

# One line per process: pid, errors, definitely and indirectly lost bytes.
bad=0 n=0
for f in "$dir"/vg.*.log; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	pid=${f##*/vg.}; pid=${pid%.log}
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$f" | tr -d , | tail -n 1)
	def=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tr -d , | tail -n 1)
	ind=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tr -d , | tail -n 1)
	if [ -z "$errors" ]; then
		echo "pid $pid: no summary (killed?)"
		bad=$((bad + 1))
		continue
	fi
	if [ "$errors" != 0 ] || [ "${def:-0}" != 0 ] || [ "${ind:-0}" != 0 ]; then
		echo "pid $pid: $errors errors, ${def:-0} bytes definitely lost, ${ind:-0} indirectly"
		sed -n '/^==[0-9]*== [A-Z].*\(Invalid\|uninitialised\|definitely\|indirectly\|Mismatched\|overlap\)/,/^==[0-9]*== $/p' "$f" | head -n 60
		bad=$((bad + 1))
	fi
done
echo "valgrind: $n quire processes (masters and workers), $bad with errors or leaks"
if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ] || [ "$n" -eq 0 ]; then
	echo "valgrind: FAILED (pytest exit $rc); logs in $dir"
	exit 1
fi
rm -rf "$dir"
echo "valgrind: clean"

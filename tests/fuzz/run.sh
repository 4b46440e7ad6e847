#!/bin/sh
# run.sh: run every libFuzzer target for SECONDS each (default 60) from
# its seed corpus in tests/fuzz/corpus/NAME (copied, so the seeds stay
# small and hand-made); a crash fails, its input is kept in build/fuzz/.
#   sh tests/fuzz/run.sh [SECONDS] [TARGET...]
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"urlenc template markdown slug token request json wxr html_sanitize media multipart i18n"}
pass=0
fail=0
for t in $targets; do
	bin=build/fuzz/fuzz_$t
	work=build/fuzz/corpus/$t
	mkdir -p "$work" build/fuzz/crashes
	cp tests/fuzz/corpus/$t/* "$work/" 2>/dev/null
	log=build/fuzz/$t.log
	if [ ! -x "$bin" ]; then
		echo "fail - fuzz_$t: not built"
		fail=$((fail + 1))
		continue
	fi
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crashes/$t- "$work" > "$log" 2>&1
	rc=$?
	runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
	if [ $rc -eq 0 ]; then
		echo "ok - fuzz_$t: ${runs:-?} runs in ${secs} s"
		pass=$((pass + 1))
	else
		echo "fail - fuzz_$t: crashed (exit $rc); input in build/fuzz/crashes/"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

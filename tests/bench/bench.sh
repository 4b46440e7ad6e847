#!/bin/sh
# bench.sh: `make bench`. The benchmark content (../shared/bench, imported
# from WordPress's own export) served by quire behind the nginx settings
# quire ships, beside the same bytes from (a) nginx as static files and
# (b) a trivial libfcgi responder holding them in memory, in one run,
# alternating. Two tiers: "tier 1" is quire alone behind nginx (a second
# server block of the same nginx that passes everything to quire), "tier
# 2" is the configuration quire ships, with its page files (quire serve
# --pages). Prints req/s, ratios, p50/p99 and bytes per page; then the
# comment POST rate beside the disk's own dsync write rate; then RSS;
# then the photo row (tests/bench/photo.py: a 24-megapixel JPEG uploaded
# through nginx, seconds to the 303, the worker's peak RSS, the post
# page's p99 during uploads).
#   BENCH_SECONDS=10 BENCH_RUNS=3 sh tests/bench/bench.sh
# BENCH_ONLY=photo runs the photo row alone, BENCH_ONLY=comment the
# comment POST row alone.
# BENCH_PERF=FILE records the workers with perf during the comment POSTs
# (then: perf report -i FILE --no-children).
set -eu
top=$(pwd)
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
workers=${BENCH_WORKERS:-2}
[ "$workers" -ge 2 ] || { echo "bench: BENCH_WORKERS must be 2 or more (kept connections)"; exit 1; }
wxr=${BENCH_WXR:-../shared/bench/wordpress-export.xml}
dir=$(mktemp -d /tmp/quire-bench-XXXXXX)
freeport() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(freeport)
port1=$(freeport)
db=$dir/bench.db
base=http://127.0.0.1:$port
base1=http://127.0.0.1:$port1
pids=""

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)"; exit 1; }
[ -f "$wxr" ] || { echo "bench: no $wxr"; exit 1; }

cc -O2 -o "$dir/responder" tests/bench/responder.c -lfcgi
./quire init --db "$db" --title "Health and Running" --base-url "$base" \
    --timezone UTC >/dev/null
./quire import --db "$db" --format wxr "$wxr" > "$dir/import.log"
printf '%s\n' "bench photo password" | ./quire user add --db "$db" \
    --login benchphoto --name "Bench Photo" --email bench@example.org \
    --role admin >/dev/null
sqlite3 "$db" "INSERT INTO settings (key, value) VALUES
    ('min_fill_seconds', '0'), ('flood_seconds', '0'), ('rate_limit', '1000000'),
    ('moderation', 'none'), ('max_token_age', '86400')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value"

sh contrib/nginx-local.sh "$dir" "$port" "$dir/quire.sock" "$top/static" \
    "$workers" "$dir/pages" > "$dir/nginx.conf"
# Two more locations for the yardsticks, in the same server.
# The responder gets the same upstream settings as quire (kept
# connections included), so that only the application differs.
keep=$((workers - 1))
sed -i "s|^\tlocation / {|\tlocation /bench-static/ {\n\t\talias $dir/static/;\n\t\tdefault_type text/html;\n\t}\n\tlocation /bench-responder/ {\n\t\tinclude /etc/nginx/fastcgi_params;\n\t\tfastcgi_pass responder;\n\t\tfastcgi_keep_conn on;\n\t}\n\tlocation / {|" "$dir/nginx.conf"
# Tier 1: every request to quire, through the same nginx and upstream.
sed -i "\$ s|^}\$|\tserver {\n\t\tlisten 127.0.0.1:$port1;\n\t\tinclude /etc/nginx/fastcgi_params;\n\t\tfastcgi_keep_conn on;\n\t\tfastcgi_buffer_size 32k;\n\t\tfastcgi_buffers 16 32k;\n\t\tlocation / { fastcgi_pass quire; }\n\t}\n}|" "$dir/nginx.conf"
sed -i "s|^upstream quire {|upstream responder {\n\tserver unix:$dir/responder.sock max_fails=0;\n\tkeepalive $keep;\n}\n\nupstream quire {|" "$dir/nginx.conf"

./quire serve --db "$db" --listen "unix:$dir/quire.sock" --workers "$workers" \
    --socket-mode 666 --pages "$dir/pages" 2> "$dir/quire.log" &
pids="$pids $!"
qpid=$!
i=0; while [ ! -S "$dir/quire.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx.err" -g 'daemon off;' &
pids="$pids $!"
sleep 0.5

post=$(sqlite3 "$db" "SELECT id FROM posts WHERE type = 'post' AND status = 'published' ORDER BY comment_count DESC, published DESC LIMIT 1")
post_url=$(./quire post list --db "$db" | awk -F'\t' -v id="$post" '$1 == id { print $4 }' | sed "s|$base||")
pages="post:$post_url home:/ tag:/tag/ims/ feed:/feed/"

# The photo row: a 24-megapixel JPEG uploaded through nginx.
photo_row() {
	echo
	if /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
		/usr/bin/python3 tests/bench/photo.py "$base" "$base1" "$db" \
		    "$top/quire" "$qpid" "$post_url" "$secs" "$dir" benchphoto \
		    "bench photo password" || echo "photo: the photo row failed"
	else
		echo "photo: skipped (python3-pil is not installed)"
	fi
}
if [ "${BENCH_ONLY:-}" = photo ]; then
	photo_row
	exit 0
fi

page_rows() {
mkdir -p "$dir/static"
for p in $pages; do
	name=${p%%:*}; path=${p#*:}
	curl -s "$base$path" > "$dir/static/$name"
done
"$dir/responder" "$dir/static" "$dir/responder.sock" "$workers" &
pids="$pids $!"
sleep 0.3

# wrk: req/s, p50 and p99 (ms) of one run.
measure() {
	wrk -t1 -c16 -d"${secs}s" --latency "$1" 2>/dev/null | awk '
	    /Requests\/sec/ { rps = $2 }
	    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
	    /Non-2xx/ { bad = $NF }
	    END {
		if (bad != "") rps = rps " (" bad " non-2xx)";
		printf "%s %s %s\n", rps, p50, p99 }'
}

# ms from wrk's "1.23ms"/"850.00us"/"1.2s"
ms() { echo "$1" | awk '/us$/ { sub("us",""); printf "%.2f", $1/1000; next }
    /ms$/ { sub("ms",""); printf "%.2f", $1; next }
    /s$/ { sub("s",""); printf "%.0f", $1*1000; next } { print $1 }'; }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "quire bench: $(nproc) cores, $(uname -srm); wrk -t1 -c16 -d${secs}s, median of $runs"
echo "content: $(grep -E 'posts|comments' "$dir/import.log" | tr '\n' ' ' | cut -c1-100)"
echo
for p in $pages; do
	name=${p%%:*}; path=${p#*:}
	for r in $(seq "$runs"); do
		measure "$base1$path" >> "$dir/$name.quire"
		measure "$base$path" >> "$dir/$name.tier2"
		measure "$base/bench-responder/$name" >> "$dir/$name.resp"
		measure "$base/bench-static/$name" >> "$dir/$name.static"
	done
done

printf '%-6s %8s %8s %8s %8s %8s %8s %7s %7s %7s %7s %7s\n' page tier1 tier2 \
    respond static t1/resp t2/stat t1p50 t1p99 t2p50 t2p99 bytes
for p in $pages; do
	name=${p%%:*}
	q=$(cut -d' ' -f1 "$dir/$name.quire" | median)
	t2=$(cut -d' ' -f1 "$dir/$name.tier2" | median)
	rr=$(cut -d' ' -f1 "$dir/$name.resp" | median)
	st=$(cut -d' ' -f1 "$dir/$name.static" | median)
	p50=$(ms "$(sort -k2 "$dir/$name.quire" | awk 'NR==2 || NR==1 {v=$2} END {print v}')")
	p99=$(ms "$(cut -d' ' -f3 "$dir/$name.quire" | sort | tail -1)")
	p50b=$(ms "$(sort -k2 "$dir/$name.tier2" | awk 'NR==2 || NR==1 {v=$2} END {print v}')")
	p99b=$(ms "$(cut -d' ' -f3 "$dir/$name.tier2" | sort | tail -1)")
	bytes=$(wc -c < "$dir/static/$name")
	printf '%-6s %8.0f %8.0f %8.0f %8.0f %8.2f %8.2f %7s %7s %7s %7s %7s\n' \
	    "$name" "$q" "$t2" "$rr" "$st" \
	    "$(echo "$q $rr" | awk '{print $1/$2}')" \
	    "$(echo "$t2 $st" | awk '{print $1/$2}')" "$p50" "$p99" "$p50b" \
	    "$p99b" "$bytes"
done
echo "(tier1: quire alone behind nginx; tier2: with its page files, as"
echo " contrib/nginx.conf ships; p50/p99 in ms; the post page's token is"
echo " fresh in every response of both tiers)"
}
[ "${BENCH_ONLY:-}" = comment ] || page_rows

# Comment POSTs: fresh single-use tokens fetched first, then posted for
# 5 s; the disk's own dsync write rate measured right after each run.
# Median of $runs.
ntok=${BENCH_TOKENS:-20000}
# CPU seconds (user+system) of quire's workers, to tell CPU from disk.
cpu() { for w in $(pgrep -P "$qpid"); do awk '{ print $14 + $15 }' /proc/$w/stat; done | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f", t / hz }'; }
comment_run() {
	/usr/bin/python3 - "$port" "$post_url" "$ntok" > "$dir/tokens.txt" <<'PY'
import http.client, re, sys
port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("GET", path)
    html = c.getresponse().read().decode()
    pid = re.search(r'name="comment_post_ID" value="(\d+)"', html).group(1)
    tok = re.search(r'name="token" value="([^"]+)"', html).group(1)
    print(pid, tok)
PY
	cpu0=$(cpu)
	before=$(sqlite3 "$db" "SELECT count(*) FROM comments")
	# BENCH_PERF=FILE: perf's call graph of the workers during the POSTs.
	if [ -n "${BENCH_PERF:-}" ]; then
		perf record -q -F 999 --call-graph dwarf -o "$BENCH_PERF" -p "$(pgrep -P "$qpid" | paste -sd, -)" -- sleep 5 2>/dev/null &
		perfpid=$!
	fi
	wrk -t1 -c8 -d5s -s tests/bench/comment.lua "$base/comment" -- "$dir/tokens.txt" > "$dir/post.wrk" 2>&1 || true
	[ -z "${BENCH_PERF:-}" ] || wait "$perfpid" || true
	after=$(sqlite3 "$db" "SELECT count(*) FROM comments")
	stored=$((after - before))
	refused=$(awk '/Non-2xx/ { print $NF }' "$dir/post.wrk")
	cpu1=$(cpu)
	dd_rate=$(dd if=/dev/zero of="$dir/dd.bin" bs=4k count=1000 oflag=dsync 2>&1 | awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") print 1000 / $(i - 1) }')
	rm -f "$dir/dd.bin"
	ratio=$(echo "$stored ${dd_rate:-0}" | awk '{ if ($2 > 0) printf "%.2f", $1 / 5 / $2; else print "0" }')
	# The next run's post page as it was (thousands of comments more
	# would make fetching its tokens, and the rows after, slow).
	sqlite3 "$db" "PRAGMA foreign_keys=ON; DELETE FROM comments WHERE author_name LIKE 'Bench %'"
	echo "$ratio $((stored / 5)) ${dd_rate:-0} ${refused:-0} $(echo "$cpu0 $cpu1" | awk '{ printf "%.2f", $2 - $1 }')" >> "$dir/comments.runs"
	echo "  run: $((stored / 5)) comments/s stored (${refused:-0} answers not 303), dd bs=4k oflag=dsync ${dd_rate:-?} writes/s, ratio $ratio, workers' CPU $(echo "$cpu0 $cpu1" | awk '{ printf "%.2f", $2 - $1 }') s"
}
comment_row() {
	echo
	echo "comment POSTs (durable: each 303 after its commit is on disk; group commit), wrk -t1 -c8 -d5s, $workers workers, median of $runs:"
	: > "$dir/comments.runs"
	for r in $(seq "$runs"); do comment_run; done
	sort -n "$dir/comments.runs" | awk '{ v[NR] = $0 } END { split(v[int((NR + 1) / 2)], m, " "); printf "comments %s/s beside dd oflag=dsync %s writes/s: %s of the disk'"'"'s dsync rate\n", m[2], m[3], m[1] }'
}
comment_row
[ "${BENCH_ONLY:-}" != comment ] || exit 0

echo
for w in $(pgrep -P "$qpid"); do
	echo "worker $w: $(grep VmRSS /proc/$w/status)"
done
photo_row

# Mail: a burst of held comments and their moderation mails (a blog of
# its own; tests/bench/mail_burst.py).
echo
/usr/bin/python3 tests/bench/mail_burst.py "${BENCH_MAILS:-1000}" ||
    echo "mail: the burst benchmark failed"

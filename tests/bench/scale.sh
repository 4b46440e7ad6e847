#!/bin/sh
# scale.sh: `make bench-scale`. The same pages of a big blog (100,000
# posts, 1,000,000 comments, from tests/http/gen_wxr.py) and of the
# benchmark blog (../shared/bench, 200 posts), served by quire behind
# the nginx settings quire ships, measured alternately and UNCACHED:
# every request has a query string of its own (?z=N, which no page
# reads), so each worker's page cache, keyed by the whole URI, never
# answers. Prints req/s, p50 and p99 of both and the ratio of their mean
# latencies against the 1.5x goal; the import's time and peak RSS.
#   SCALE_SECONDS=5 SCALE_RUNS=3 sh tests/bench/scale.sh
# The generated export and the imported database are kept in
# $SCALE_CACHE (default /tmp/quire-scale-cache), keyed by the sizes and
# by the schema and importer sources, so a second run goes straight to
# measuring (the cache takes about 1.8 GB, each run 0.8 GB more in
# /tmp while it lasts). SCALE_POSTS / SCALE_COMMENTS change the sizes.
# Takes about 6 minutes, 2 more when the database must be made.
# SCALE_ONLY=search (or a comma-separated list of the page names in the
# table: home, tag, post-top, post-mid, year, search, feed, page-deep,
# page-last) measures only those pages.
set -eu
top=$(pwd)
posts=${SCALE_POSTS:-100000}
comments=${SCALE_COMMENTS:-1000000}
secs=${SCALE_SECONDS:-5}
runs=${SCALE_RUNS:-3}
workers=2
cache=${SCALE_CACHE:-/tmp/quire-scale-cache}
# The 200-post blog: the benchmark content, or with SCALE_WXR=gen the
# big one's own kind (gen_wxr.py, 200 posts, 2,000 comments), to tell
# the cost of size from that of different content.
wxr=${SCALE_WXR:-../shared/bench/wordpress-export.xml}
word=${SCALE_WORD:-knee}
# gen_wxr.py puts a post every 7 hours from 2010 on: 100,000 of them
# reach 2089, and the importer makes the future ones 'scheduled' (not
# public). Their dates are squeezed into this many years from 2010, so
# that every post is public; 0 keeps gen_wxr's dates.
years=${SCALE_YEARS:-14}
base=http://127.0.0.1
dir=$(mktemp -d /tmp/quire-scale-XXXXXX)
pids=""

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -f "$dir"/big/blog.db "$dir"/big/blog.db-wal "$dir"/big/blog.db-shm
}
trap cleanup EXIT INT TERM

for c in wrk sqlite3 curl nginx; do
	command -v $c >/dev/null || { echo "scale: $c is needed"; exit 1; }
done
[ -x ./quire ] || { echo "scale: run 'make' first"; exit 1; }
mkdir -p "$cache" "$dir/small" "$dir/big"
if [ "$wxr" = gen ]; then
	wxr=$dir/small/gen.xml
	/usr/bin/python3 tests/http/gen_wxr.py --posts 200 --comments 2000 "$wxr"
fi
[ -f "$wxr" ] || { echo "scale: no $wxr"; exit 1; }

# Wall time and peak RSS of a command, into the file $1 (with
# /usr/bin/time -v if there).
timed() {
	out=$1; shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v "$@" 2> "$out.time" || { cat "$out.time"; exit 1; }
		awk -F': ' '/Elapsed/ { e = $2 } /Maximum resident/ { r = $2 }
		    END { printf "%s wall, peak RSS %.1f MB\n", e, r / 1024 }' \
		    "$out.time" > "$out"
	else
		t0=$(date +%s)
		"$@"
		echo "$(($(date +%s) - t0)) s wall, peak RSS unknown" > "$out"
	fi
}

# The big export: gen_wxr.py's stream with its dates squeezed.
key=$posts-$comments-$years
src=$(cat sql/*.sql src/import*.c src/wxr*.c src/db_import.c | cksum | cut -d' ' -f1)
big_wxr=$cache/wxr-$key.xml
big_db=$cache/db-$key-$src.db
if [ ! -f "$big_db" ] && [ ! -f "$big_wxr" ]; then
	echo "scale: writing $big_wxr ($posts posts, $comments comments)"
	/usr/bin/python3 - "$posts" "$comments" "$years" "$big_wxr.tmp" <<'PY'
import datetime, re, subprocess, sys
posts, comments, years, out = sys.argv[1:5]
start = 1262304000                  # gen_wxr.py's first post, 2010-01-01
span = int(posts) * 7 * 3600        # and its spacing
f = 1.0 if int(years) == 0 else min(1.0, int(years) * 365.25 * 86400 / span)
epoch = datetime.datetime(1970, 1, 1)
date = re.compile(r'(<wp:(?:post|comment)_date(?:_gmt)?>)([0-9: -]{19})<')
def squeeze(m):
    t = (datetime.datetime.fromisoformat(m.group(2)) - epoch).total_seconds()
    t = start + int((t - start) * f)
    return m.group(1) + (epoch + datetime.timedelta(seconds=t)).isoformat(" ") + "<"
g = subprocess.Popen(["/usr/bin/python3", "tests/http/gen_wxr.py", "--posts",
                      posts, "--comments", comments, "-"],
                     stdout=subprocess.PIPE, text=True, encoding="utf-8")
with open(out, "w", encoding="utf-8") as o:
    for line in g.stdout:
        if f < 1.0 and line.lstrip("\t").startswith(("<wp:post_date", "<wp:comment_date")):
            line = date.sub(squeeze, line)
        o.write(line)
sys.exit(g.wait())
PY
	mv "$big_wxr.tmp" "$big_wxr"
fi
if [ ! -f "$big_db" ]; then
	echo "scale: importing $big_wxr"
	./quire init --db "$dir/big/blog.db" --title "Scale" --base-url "$base" \
	    --timezone UTC >/dev/null
	timed "$dir/big/import.took" ./quire import --db "$dir/big/blog.db" \
	    --format wxr "$big_wxr" > "$dir/big/import.log"
	cp "$dir/big/import.took" "$big_db.took"
	cp "$dir/big/import.log" "$big_db.log"
	cp "$dir/big/blog.db" "$big_db.tmp"
	mv "$big_db.tmp" "$big_db"
else
	cp "$big_db" "$dir/big/blog.db"
	cp "$big_db.log" "$dir/big/import.log" 2>/dev/null || true
fi
# What the keeper does once after an import: it cuts the address of
# every comment older than ip_days (here all 1,000,000, 500 a
# transaction) and turns the mail events the imported comments made
# (480,000) into mail, a batch a transaction. Each commit moves every
# worker's data_version, so for minutes after every start each request
# re-read the settings and scanned for scheduled posts, and the first
# pages measured paid for it. Done here before measuring (quire comments
# prune, then quire serve until the keeper has no events left) and kept
# in the cache.
backlog() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM mail_events) + (SELECT
	    count(*) FROM comments WHERE addr_cut = 0 AND created < unixepoch()
	    - 86400 * coalesce((SELECT value FROM settings WHERE key =
	    'ip_days'), 30))" 2>/dev/null || echo busy
}
settle() {
	[ "$(backlog "$1")" = 0 ] && return 1
	./quire comments prune --db "$1" > /dev/null
	./quire serve --db "$1" --listen "unix:$1.sock" --workers 1 \
	    2> "$dir/settle.log" &
	sp=$!
	pids="$pids $sp"
	i=0
	while [ "$(backlog "$1")" != 0 ] && [ $i -lt 1200 ]; do
		sleep 0.5; i=$((i + 1))
	done
	kill "$sp"
	wait "$sp" || true
	[ "$(backlog "$1")" = 0 ] || { echo "scale: $1: the keeper did not settle"; exit 1; }
}
if settle "$dir/big/blog.db" && [ ! -s "$dir/big/blog.db-wal" ]; then
	cp "$dir/big/blog.db" "$big_db.tmp"
	mv "$big_db.tmp" "$big_db"
fi

# The benchmark blog, as bench.sh makes it.
./quire init --db "$dir/small/blog.db" --title "Health and Running" \
    --base-url "$base" --timezone UTC >/dev/null
./quire import --db "$dir/small/blog.db" --format wxr "$wxr" \
    > "$dir/small/import.log"
settle "$dir/small/blog.db" || true

# nginx and quire (2 workers) for each.
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() {
	d=$dir/$1
	sh contrib/nginx-local.sh "$d" "$2" "$d/quire.sock" "$top/static" \
	    "$workers" > "$d/nginx.conf"
	./quire serve --db "$d/blog.db" --listen "unix:$d/quire.sock" \
	    --workers "$workers" --socket-mode 666 2> "$d/quire.log" &
	pids="$pids $!"
	echo $! > "$d/quire.pid"
	i=0; while [ ! -S "$d/quire.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	nginx -p "$d" -c "$d/nginx.conf" -e "$d/nginx.err" -g 'daemon off;' &
	pids="$pids $!"
}
small_port=$(port)
start small "$small_port"
big_port=$(port)
start big "$big_port"
sleep 0.5

# The pages of one blog, as "name path" lines.
pages() {
	db=$dir/$1/blog.db
	pub="type = 'post' AND status = 'published'"
	url() { ./quire post list --db "$db" | awk -F'\t' -v id="$1" \
	    '$1 == id { print $4 }' | sed 's|^https*://[^/]*||'; }
	top_post=$(sqlite3 "$db" "SELECT id FROM posts WHERE $pub
	    ORDER BY comment_count DESC, published DESC LIMIT 1")
	mid_post=$(sqlite3 "$db" "SELECT id FROM posts WHERE $pub
	    ORDER BY published LIMIT 1 OFFSET (SELECT count(*) / 2 FROM posts
	    WHERE $pub)")
	tag=$(sqlite3 "$db" "SELECT slug FROM tags ORDER BY post_count DESC,
	    slug LIMIT 1")
	year=$(sqlite3 "$db" "SELECT strftime('%Y', published, 'unixepoch') y
	    FROM posts WHERE $pub GROUP BY y ORDER BY count(*) DESC, y DESC
	    LIMIT 1")
	per=$(sqlite3 "$db" "SELECT coalesce((SELECT value FROM settings
	    WHERE key = 'posts_per_page'), 10)")
	last=$(sqlite3 "$db" "SELECT (count(*) + $per - 1) / $per FROM posts
	    WHERE $pub")
	deep=$((last < 500 ? last : 500))
	echo "home /"
	echo "tag /tag/$tag/"
	echo "post-top $(url "$top_post")"
	echo "post-mid $(url "$mid_post")"
	echo "year /$year/"
	echo "search /search?q=$word"
	echo "feed /feed/"
	echo "page-deep /page/$deep/"
	echo "page-last /page/$last/"
}
only() { awk -v only="${SCALE_ONLY:-}" 'BEGIN { n = split(only, o, ",");
    for (i = 1; i <= n; i++) want[o[i]] = 1 } n == 0 || ($1 in want)'; }
pages small | only > "$dir/small/pages"
pages big | only > "$dir/big/pages"
[ -s "$dir/small/pages" ] || { echo "scale: SCALE_ONLY=$SCALE_ONLY names no page"; exit 1; }

# Each page answers 200 with and without ?z=, the same page (but for
# the comment form's token).
strip() { sed -e 's/name="token" value="[^"]*"//' "$1"; }
for b in small big; do
	eval "p=\$${b}_port"
	while read -r name path; do
		case $path in *\?*) z="$path&z=check" ;; *) z="$path?z=check" ;; esac
		a=$(curl -s -o "$dir/$b/$name.html" -w '%{http_code}' "$base:$p$path")
		q=$(curl -s -o "$dir/$b/$name.z.html" -w '%{http_code}' "$base:$p$z")
		if [ "$a" != 200 ] || [ "$q" != 200 ]; then
			echo "scale: $b $path: $a, with ?z=: $q"; exit 1
		fi
		strip "$dir/$b/$name.html" > "$dir/$b/$name.a"
		strip "$dir/$b/$name.z.html" > "$dir/$b/$name.b"
		cmp -s "$dir/$b/$name.a" "$dir/$b/$name.b" ||
		    echo "scale: warning: $b $path differs with ?z="
	done < "$dir/$b/pages"
done

# Every request of a run its own URI: $path?z=RUN-N.
cat > "$dir/unique.lua" <<'LUA'
local n, run, sep, seen = 0, "0", "?", {}
init = function(args)
	run = args[1] or "0"
	if string.find(wrk.path, "?", 1, true) then sep = "&" end
end
request = function()
	n = n + 1
	return wrk.format(nil, wrk.path .. sep .. "z=" .. run .. "-" .. n)
end
response = function(status, headers, body)
	if status ~= 200 and not seen[status] then
		seen[status] = true
		io.stderr:write("status " .. status .. "\n")
	end
end
LUA

# wrk: req/s, mean, p50 and p99 latency (ms), and wrk's timeouts (no
# answer within 2 s) of one run; "!" after the rate when any answer was
# not 200. The mean is the connections over the rate (Little's law):
# wrk's own "Latency Avg" can disagree with its own count of requests
# (wg/wrk#114, #438), and did here by 2-5x.
ms() { awk '{ v = $1; if (v ~ /us$/) { sub("us", "", v); v /= 1000 }
    else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v *= 1000 }
    else if (v ~ /m$/) { sub("m", "", v); v *= 60000 }
    printf "%.2f\n", v }'; }
conns=16
run=0
measure() {
	run=$((run + 1))
	wrk -t1 -c$conns -d"$2" --latency -s "$dir/unique.lua" "$1" -- "$run" \
	    > "$dir/wrk.out" 2> "$dir/wrk.err" || true
	rps=$(awk '/Requests\/sec/ { print $2 }' "$dir/wrk.out")
	mean=$(echo "${rps:-0}" | awk -v c=$conns '{ printf "%.2f", ($1 > 0 ? c * 1000 / $1 : 0) }')
	p50=$(awk '$1 == "50%" { print $2 }' "$dir/wrk.out" | ms)
	p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.out" | ms)
	to=$(awk '/Socket errors/ { print $NF }' "$dir/wrk.out")
	bad=$(awk '/Non-2xx/ { print $NF }' "$dir/wrk.out")
	[ -z "$bad" ] && ! grep -q status "$dir/wrk.err" || rps="$rps!"
	echo "${rps:-0!} $mean ${p50:-0} ${p99:-0} ${to:-0}"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { cut -d' ' -f"$2" "$1" | tr -d '!' | median; }

echo "quire scale: $(nproc) cores, $(uname -srm); wrk -t1 -c16 -d${secs}s, $workers workers, uncached, median of $runs"
for b in small big; do
	echo "$b: $(sed -n 's/^ *\(posts\|comments\): *\([0-9]*\).*/\1 \2/p' "$dir/$b/import.log" 2>/dev/null | tr '\n' ' ')$(sqlite3 "$dir/$b/blog.db" "SELECT count(*) || ' public posts, ' || (SELECT count(*) FROM comments WHERE status = 'approved') || ' approved comments, ' || (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MB' FROM posts WHERE type = 'post' AND status = 'published'")"
done
if [ -f "$big_db.took" ]; then
	echo "import of the big export: $(cat "$big_db.took")$([ -f "$dir/big/import.took" ] || echo ' (when it was cached)')"
fi
# Warm both (file pages, SQLite's caches), then measure alternately.
for b in small big; do
	eval "p=\$${b}_port"
	while read -r name path; do measure "$base:$p$path" 1s >/dev/null; done < "$dir/$b/pages"
done
paste -d' ' "$dir/small/pages" "$dir/big/pages" > "$dir/pairs"
while read -r name spath _ bpath; do
	for r in $(seq "$runs"); do
		measure "$base:$small_port$spath" "${secs}s" >> "$dir/small/$name.runs"
		measure "$base:$big_port$bpath" "${secs}s" >> "$dir/big/$name.runs"
	done
done < "$dir/pairs"

echo
printf '%-10s %9s %7s %7s %9s %7s %7s %7s %5s\n' page "200 r/s" p50 p99 \
    "$(echo "$posts" | awk '{ print ($1 % 1000 ? $1 : $1 / 1000 "k") }') r/s" p50 p99 ratio goal
while read -r name spath _ bpath; do
	s=$dir/small/$name.runs; g=$dir/big/$name.runs
	sm=$(col "$s" 2); bm=$(col "$g" 2)
	ratio=$(echo "$bm $sm" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }')
	ok=$(echo "$ratio" | awk '{ print $1 <= 1.5 ? "ok" : "OVER" }')
	grep -q '!' "$s" "$g" && ok="$ok non-200"
	printf '%-10s %9.0f %7s %7s %9.0f %7s %7s %6sx %5s\n' "$name" \
	    "$(col "$s" 1)" "$(col "$s" 3)" "$(col "$s" 4)" \
	    "$(col "$g" 1)" "$(col "$g" 3)" "$(col "$g" 4)" "$ratio" "$ok"
done < "$dir/pairs"
echo "(p50, p99 in ms; ratio: mean latency (= $conns / rate) big / small; goal: within 1.5x)"
timeouts=$(cat "$dir"/small/*.runs "$dir"/big/*.runs | awk '{ t += $5 } END { print t + 0 }')
[ "$timeouts" = 0 ] || echo "wrk timeouts (no answer in 2 s): $(for f in "$dir"/small/*.runs "$dir"/big/*.runs; do awk -v f="$f" '{ t += $5 } END { if (t) { n = split(f, a, "/"); printf "%s/%s %d  ", a[n - 1], substr(a[n], 1, length(a[n]) - 5), t } }' "$f"; done)"
echo
while read -r name spath _ bpath; do
	printf '%-10s %-44s %7s B  %-44s %7s B\n' "$name" "$spath" \
	    "$(wc -c < "$dir/small/$name.html")" "$bpath" \
	    "$(wc -c < "$dir/big/$name.html")"
done < "$dir/pairs"
for b in small big; do
	n=$(sqlite3 "$dir/$b/blog.db" "SELECT count(*) FROM posts_fts
	    WHERE posts_fts MATCH '\"$word\"'")
	echo "$b: search '$word' matches $n posts and pages"
done
for b in small big; do
	for w in $(pgrep -P "$(cat "$dir/$b/quire.pid")"); do
		echo "$b worker $w: $(grep VmHWM /proc/$w/status | tr -s '\t ' ' ')"
	done
done
echo "logs: $dir"

#!/bin/sh
# lang.sh: `make bench-lang`. Tier 1 of `make bench` (quire alone behind
# nginx, the benchmark content) with language=en and language=de, the
# two alternating in one run, so a catalog's cost shows beside English.
#   BENCH_SECONDS=10 BENCH_RUNS=3 sh tests/bench/lang.sh
set -eu
top=$(pwd)
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
workers=${BENCH_WORKERS:-2}
langs=${BENCH_LANGS:-en de}
wxr=${BENCH_WXR:-../shared/bench/wordpress-export.xml}
dir=$(mktemp -d /tmp/quire-bench-lang-XXXXXX)
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
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)"; exit 1; }
[ -f "$wxr" ] || { echo "bench: no $wxr"; exit 1; }
./quire init --db "$db" --title "Health and Running" --base-url "$base" \
    --timezone UTC >/dev/null
./quire import --db "$db" --format wxr "$wxr" > "$dir/import.log"
sh contrib/nginx-local.sh "$dir" "$port" "$dir/quire.sock" "$top/static" \
    "$workers" "$dir/pages" > "$dir/nginx.conf"
sed -i "\$ s|^}\$|\tserver {\n\t\tlisten 127.0.0.1:$port1;\n\t\tinclude /etc/nginx/fastcgi_params;\n\t\tfastcgi_keep_conn on;\n\t\tfastcgi_buffer_size 32k;\n\t\tfastcgi_buffers 16 32k;\n\t\tlocation / { fastcgi_pass quire; }\n\t}\n}|" "$dir/nginx.conf"
./quire serve --db "$db" --listen "unix:$dir/quire.sock" --workers "$workers" \
    --socket-mode 666 2> "$dir/quire.log" &
pids="$pids $!"
qpid=$!
i=0; while [ ! -S "$dir/quire.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx.err" -g 'daemon off;' &
pids="$pids $!"
i=0; while ! curl -s -o /dev/null "$base1/" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done

post=$(sqlite3 "$db" "SELECT id FROM posts WHERE type = 'post' AND status = 'published' ORDER BY comment_count DESC, published DESC LIMIT 1")
post_url=$(./quire post list --db "$db" | awk -F'\t' -v id="$post" '$1 == id { print $4 }' | sed "s|$base||")
pages="post:$post_url home:/ tag:/tag/ims/ feed:/feed/"

# CPU seconds (user+system) of quire's workers so far.
cpu() { for w in $(pgrep -P "$qpid"); do awk '{ print $14 + $15 }' /proc/$w/stat; done | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.4f", t / hz }'; }
# req/s, and the workers' CPU microseconds per request (steadier than
# req/s on a busy machine: other processes' load moves it less).
measure() {
	c0=$(cpu)
	wrk -t1 -c16 -d"${secs}s" "$1" 2>/dev/null > "$dir/wrk.out"
	c1=$(cpu)
	awk -v c0="$c0" -v c1="$c1" '/requests in/ { n = $1 }
	    /Requests\/sec/ { rps = $2 }
	    END { printf "%s %.1f\n", rps, (c1 - c0) * 1e6 / (n ? n : 1) }' "$dir/wrk.out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "quire bench-lang: tier 1, $(nproc) cores; wrk -t1 -c16 -d${secs}s, median of $runs; languages: $langs"
for r in $(seq "$runs"); do
	for l in $langs; do
		sqlite3 "$db" "INSERT INTO settings (key, value) VALUES ('language', '$l')
		    ON CONFLICT (key) DO UPDATE SET value = excluded.value"
		for p in $pages; do
			name=${p%%:*}; path=${p#*:}
			curl -s "$base1$path" | grep -q "<html lang=\"$l\"\|xml" || { echo "bench: $path is not in $l"; exit 1; }
			measure "$base1$path" >> "$dir/$name.$l"
		done
	done
done
for col in 1 2; do
	[ $col = 1 ] && what="req/s" || what="worker CPU us/request"
	printf '%-6s' page; for l in $langs; do printf ' %9s' "$l"; done; printf '   ratio (last/first): %s\n' "$what"
	for p in $pages; do
		name=${p%%:*}
		printf '%-6s' "$name"; first=""; last=""
		for l in $langs; do
			v=$(cut -d' ' -f$col "$dir/$name.$l" | median); printf ' %9.1f' "$v"
			[ -n "$first" ] || first=$v; last=$v
		done
		echo "$first $last" | awk '{ printf "   %.3f\n", $2 / $1 }'
	done
done
echo "(each run, in order:)"
for p in $pages; do
	name=${p%%:*}
	for l in $langs; do
		printf '%-6s %-3s %s\n' "$name" "$l" "$(awk '{ printf "%.0f/%.0fus ", $1, $2 }' "$dir/$name.$l")"
	done
done

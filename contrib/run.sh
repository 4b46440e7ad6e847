#!/bin/sh
# run.sh: `make run': a sample blog on http://127.0.0.1:8080/ (PORT=...),
# quire and nginx in the foreground; Ctrl-C stops both. THEME=DIR runs it
# with quire serve --theme DIR (nginx then looks in DIR/static first).
set -eu
top=$(pwd)
run=$top/run
port=${PORT:-8080}
workers=${WORKERS:-2}
db=$run/demo.db
nginx=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$run"
if [ ! -f "$db" ]; then
	./quire init --db "$db" --title "Notes from the Allotment" \
	    --base-url "http://127.0.0.1:$port" --timezone Europe/London
	pw=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
	printf '%s\n' "$pw" > "$run/admin-password"
	chmod 600 "$run/admin-password"
	printf '%s\n' "$pw" | ./quire user add --db "$db" --login admin \
	    --name "Alex Morgan" --email admin@example.org --role admin
	./quire demo --db "$db"
fi
[ -n "${THEME:-}" ] && THEME=$(cd "$THEME" && pwd) && export THEME
sh contrib/nginx-local.sh "$run" "$port" "$run/quire.sock" "$top/static" \
    "$workers" "$run/pages" > "$run/nginx.conf"

./quire serve --db "$db" --listen "unix:$run/quire.sock" \
    --workers "$workers" --socket-mode 666 --pages "$run/pages" \
    ${THEME:+--theme "$THEME"} &
qpid=$!
i=0
while [ ! -S "$run/quire.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
"$nginx" -p "$run" -c "$run/nginx.conf" -e stderr -g 'daemon off;' &
npid=$!

stop() {
	trap - INT TERM
	kill -TERM "$npid" "$qpid" 2>/dev/null || true
	wait "$npid" 2>/dev/null || true
	wait "$qpid" 2>/dev/null || true
	echo
	echo "stopped quire and nginx"
	exit 0
}
trap stop INT TERM

echo
echo "  quire is running at http://127.0.0.1:$port/"
echo "  admin login: admin   password: $(cat "$run/admin-password")"
echo "  (the database is $db; Ctrl-C stops)"
echo
wait "$npid" || true
stop

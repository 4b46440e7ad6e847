#!/bin/sh
# run.sh: the golden tests. A fixed blog (content/*.md through `quire post
# add`, then fixture.sql fixes every clock and key) answers each request
# of requests.txt through `quire test-request`; the answer, head and body,
# must be byte for byte expected/NAME.out. The one part that differs per
# view, a comment form's token, is written as TOKEN.
#
#   sh tests/golden/run.sh            compare; "N passed, N failed"
#   sh tests/golden/run.sh --regen    write expected/ anew (make
#                                     regen-golden), then review the diff
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
quire=$top/quire
regen=
[ "${1:-}" = --regen ] && regen=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/golden.db
pass=0
fail=0

setup() {
	"$quire" init --db "$db" --title "Golden Blog" \
	    --base-url https://blog.example --timezone Europe/Berlin &&
	printf 'correct horse battery staple\n' | "$quire" user add --db "$db" \
	    --login admin --name "Ada Admin" --email ada@example.org \
	    --role admin &&
	for f in "$here"/content/*.md; do
		"$quire" post add --db "$db" --author admin "$f" || return 1
	done &&
	sqlite3 -bail "$db" < "$here/fixture.sql"
}
if ! setup > "$tmp/setup.log" 2>&1; then
	echo "fail 1 - the golden blog could not be made:"
	sed 's/^/    /' "$tmp/setup.log"
	echo "0 passed, 1 failed"
	exit 1
fi

mask() {
	sed -E 's/(name="token" value=")[A-Za-z0-9_-]{98}"/\1TOKEN"/'
}

n=0
while read -r name method path; do
	case "$name" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	printf '%s %s HTTP/1.1\r\nHost: blog.example\r\n\r\n' "$method" "$path" |
	    "$quire" test-request --db "$db" --templates "$top/templates" \
	    2> "$tmp/err" | mask > "$tmp/$name.out"
	want=$here/expected/$name.out
	if [ -n "$regen" ]; then
		cp "$tmp/$name.out" "$want"
		echo "ok $n - $name: written"
		pass=$((pass + 1))
	elif [ ! -f "$want" ]; then
		echo "fail $n - $name: no expected/$name.out (make regen-golden)"
		fail=$((fail + 1))
	elif cmp -s "$tmp/$name.out" "$want"; then
		echo "ok $n - $name: $method $path"
		pass=$((pass + 1))
	else
		echo "fail $n - $name: $method $path differs from expected/$name.out:"
		diff -u "$want" "$tmp/$name.out" | head -n 30 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	[ -s "$tmp/err" ] && sed "s/^/    $name: stderr: /" "$tmp/err"
done < "$here/requests.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

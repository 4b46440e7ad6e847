#!/bin/sh
# nginx-local.sh: write a complete nginx.conf that serves quire from this
# tree, for `make run` and the tests. The server block is contrib/nginx.conf
# with its paths, port and keepalive replaced.
#
#   sh contrib/nginx-local.sh DIR PORT SOCKET STATIC_DIR WORKERS [PAGES [MEDIA]] > nginx.conf
#
# DIR holds nginx's pid and temporary files; PAGES is quire serve's
# --pages directory (default DIR/pages); MEDIA the photos' directory
# (quire --media; default DIR/media, as for a database in DIR). THEME names
# the directory of quire serve --theme, whose static/ nginx looks in
# first (default DIR/theme: none unless made). NGINX_SITE
# names another server block to adapt, e.g. the installed
# /etc/nginx/sites-available/quire (tests/http/test_deb.py); its
# /usr/share/quire paths are kept.
set -eu
dir=$1 port=$2 sock=$3 static=$4 workers=${5:-2} pages=${6:-$1/pages}
media=${7:-$1/media}
theme=${THEME:-$1/theme}
here=$(cd "$(dirname "$0")" && pwd)
site=${NGINX_SITE:-$here/nginx.conf}
keep=$((workers - 1))

echo "# written by contrib/nginx-local.sh; do not edit"
[ "$(id -u)" = 0 ] && echo "user root root;"
mods=/usr/lib/nginx/modules
for m in ndk_http_module:ndk ngx_http_set_misc_module:set-misc \
    ngx_http_echo_module:echo; do
	[ -f "$mods/${m%%:*}.so" ] || { echo "nginx-local.sh: no $mods/${m%%:*}.so (apt-get install libnginx-mod-http-${m#*:})" >&2; exit 1; }
done
cat <<EOT
load_module $mods/ndk_http_module.so;
load_module $mods/ngx_http_set_misc_module.so;
load_module $mods/ngx_http_echo_module.so;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path $dir/tmp/body;
	fastcgi_temp_path $dir/tmp/fastcgi;
	proxy_temp_path $dir/tmp/proxy;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	sendfile on;
	server_tokens off;
EOT
sed -e "s|unix:/run/quire/quire.sock|unix:$sock|" \
    -e "s|/usr/local/share/quire/static/|$static/|" \
    -e "s|/etc/quire/theme|$theme|" \
    -e "s|/var/cache/quire|$pages|g" \
    -e "s|/var/lib/quire/media/|$media/|" \
    -e "s|listen 80;|listen 127.0.0.1:$port;|" \
    -e "/listen \[::\]:80;/d" \
    -e "s|server_name example.org;|server_name 127.0.0.1 localhost;|" \
    -e "s|include fastcgi_params;|include /etc/nginx/fastcgi_params;|" \
    -e "s|keepalive 1;|keepalive $keep;|" \
    "$site" | if [ "$keep" -lt 1 ]; then
	sed -e '/keepalive 0;/d' -e '/fastcgi_keep_conn on;/d'
else
	cat
fi
echo "}"
mkdir -p "$dir/tmp"

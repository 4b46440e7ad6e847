#!/bin/sh
# build.sh: `make deb`: build quire_VERSION_ARCH.deb with Debian's own
# tools (dpkg-deb, dpkg-shlibdeps; both in dpkg-dev, which
# build-essential brings). The tree is copied to build/deb/src and built
# there with --prefix=/usr, so that the compiled-in default paths are
# the package's and the tree's own build (often --prefix=/usr/local) is
# left alone.
#
#   sh contrib/debian/build.sh         (from the top of the tree)
#
# The package: /usr/bin/quire, /usr/share/quire/{templates,static},
# the man page, /usr/share/doc/quire/{copyright,changelog.gz,README.gz},
# the systemd unit (/lib/systemd/system/quire.service) and the nginx site
# (/etc/nginx/sites-available/quire, a conffile, not enabled). Maintainer
# scripts beside this file.
set -eu
umask 022
top=$(pwd)
deb=$top/contrib/debian
[ -f "$deb/control" ] || { echo "build.sh: run from the top of quire's tree" >&2; exit 1; }
for t in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
	command -v $t >/dev/null 2>&1 || {
		echo "build.sh: no $t (apt-get install dpkg-dev)" >&2; exit 1; }
done

version=$(cat VERSION)
arch=$(dpkg --print-architecture)
# The package's version is the changelog's newest entry: it must be
# VERSION's (a native package: no Debian revision).
clv=$(sed -n '1s/^quire (\([^)]*\)).*/\1/p' "$deb/changelog")
if [ "$clv" != "$version" ]; then
	echo "build.sh: contrib/debian/changelog's newest entry is '$clv'," \
	    "VERSION is '$version': add an entry" >&2
	exit 1
fi

work=$top/build/deb
src=$work/src
root=$work/debian/quire
rm -rf "$work"
mkdir -p "$src" "$root/DEBIAN"

# A copy of the tree without the tests, the local build and its
# settings (configure.local); `make clean` below drops copied objects.
for f in * .[!.]*; do
	case "$f" in
	.git|.ci|build|run|tests|Makefile|config.h|config.log|configure.local|\
	    quire|quire_*.deb|'*'|'.[!.]*') continue ;;
	esac
	cp -R "$f" "$src/"
done

# Debian's build flags (hardening) when dpkg-buildflags is there.
cd "$src"
cflags="-O2 -g" ldflags=
if command -v dpkg-buildflags >/dev/null 2>&1; then
	export DEB_BUILD_MAINT_OPTIONS=${DEB_BUILD_MAINT_OPTIONS:-hardening=+all}
	cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
	ldflags=$(dpkg-buildflags --get LDFLAGS)
fi
./configure --prefix=/usr NO_INSTALL=1 NO_TEST_DEPS=1 \
    CFLAGS="$cflags" LDFLAGS="$ldflags" >/dev/null || {
	cat config.log >&2; exit 1; }
make clean >/dev/null
make -s -j2 quire
make install DESTDIR="$root" PREFIX=/usr >/dev/null

# Debian wants the binary stripped and the man page compressed.
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$root/usr/bin/quire"
gzip -9n "$root/usr/share/man/man1/quire.1"

# Documentation: copyright, changelog (native: changelog.gz), README.
doc=$root/usr/share/doc/quire
mkdir -p "$doc"
cp "$deb/copyright" "$doc/copyright"
gzip -9nc "$deb/changelog" > "$doc/changelog.gz"
gzip -9nc README > "$doc/README.gz"

# The systemd unit and the nginx site, with the installed paths.
mkdir -p "$root/lib/systemd/system" "$root/etc/nginx/sites-available"
# Their opening comments (how to install them by hand) are replaced.
{
	cat <<'EOT'
# quire.service: quire under systemd, installed by the quire package
# (from contrib/quire.service). It starts once the database exists:
#   sudo -u quire quire init --db /var/lib/quire/quire.db ...
#   sudo systemctl enable --now quire
# The socket /run/quire/quire.sock is group www-data (nginx's user), 0660.
# The page files nginx serves by itself are in /var/cache/quire, group
# www-data; the database stays in /var/lib/quire, 0700.
EOT
	sed -n -e '/^\[Unit\]/,$p' contrib/quire.service |
	    sed -e 's|/usr/local/|/usr/|g'
} > "$root/lib/systemd/system/quire.service"
{
	cat <<'EOT'
# /etc/nginx/sites-available/quire: quire behind nginx, installed by the
# quire package (from contrib/nginx.conf; paths under /usr, the socket
# of its systemd unit). Set server_name and add TLS, then enable it:
#   ln -s ../sites-available/quire /etc/nginx/sites-enabled/
#   nginx -t && systemctl reload nginx

EOT
	sed -e '1,/^$/d' -e 's|/usr/local/|/usr/|g' contrib/nginx.conf
} > "$root/etc/nginx/sites-available/quire"

# Control files.
for f in postinst prerm postrm conffiles; do
	cp "$deb/$f" "$root/DEBIAN/$f"
done
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
chmod 0644 "$root/DEBIAN/conffiles"

# Depends: computed from the binary's libraries (dpkg-shlibdeps reads
# the shlibs/symbols files of the installed -dev libraries' packages).
printf 'Source: quire\n\nPackage: quire\nArchitecture: any\n' \
    > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O -edebian/quire/usr/bin/quire |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build.sh: dpkg-shlibdeps found nothing" >&2; exit 1; }

(cd "$root" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' |
    sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" 2>/dev/null | cut -f1) ||
    size=$(du -sk "$root" | cut -f1)

sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" \
    -e "s|@DEPENDS@|$shlibs|" -e "s|@SIZE@|$size|" \
    "$deb/control" > "$root/DEBIAN/control"

cd "$top"
out=quire_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "build.sh: wrote $out"

#!/bin/sh
# embed.sh: write src/po_embed.c, each po/LANG.po compiled by msgfmt into
# .mo bytes in a C array, so one binary carries every catalog.
set -e
dir=${1:-po}
echo '/* po_embed.c: generated from po/LANG.po files by po/embed.sh; do not edit. */'
echo '#include <stddef.h>'
echo '#include <stdint.h>'
echo '#include "i18n.h"'
echo
langs=""
for f in $(ls "$dir" | grep -E '^[A-Za-z]{2,3}(_[A-Za-z0-9]+)?\.po$' | sort); do
	lang=$(basename "$f" .po | tr _ -)
	id=$(echo "$lang" | tr - _)
	langs="$langs $lang"
	printf 'static const unsigned char mo_%s[] = {\n' "$id"
	msgfmt --check -o "$dir/$lang.mo.tmp" "$dir/$f"
	od -An -v -tu1 "$dir/$lang.mo.tmp" | sed -e 's/^ *//' -e 's/  */,/g' -e 's/$/,/' -e '/^,$/d'
	rm -f "$dir/$lang.mo.tmp"
	printf '};\n\n'
done
echo 'const struct i18n_embedded i18n_catalogs[] = {'
for lang in $langs; do
	id=$(echo "$lang" | tr - _)
	printf '\t{ "%s", mo_%s, sizeof(mo_%s) },\n' "$lang" "$id" "$id"
done
echo '	{ NULL, NULL, 0 }'
echo '};'
printf 'const char i18n_language_list[] = "en'
for lang in $langs; do printf ', %s' "$lang"; done
printf '";\n'

#!/bin/sh
# embed.sh: write src/sql_embed.c, the sql/*.sql files as C strings:
# schema.sql first, then the migrations NNNN-name.sql in order.
dir=${1:-sql}
echo '/* sql_embed.c: generated from the sql/ files by sql/embed.sh; do not edit. */'
echo '#include <stddef.h>'
echo '#include "db.h"'
echo
echo 'const struct sql_file sql_files[] = {'
for f in "$dir/schema.sql" $(ls "$dir" | grep -E '^[0-9]{4}-.*\.sql$' | sort | sed "s|^|$dir/|"); do
	printf '\t{ "%s",\n' "$(basename "$f")"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo '	{ NULL, NULL }'
echo '};'

#!/usr/bin/env bash
# npm run mutation [FOLDER[/FILE.ts]...]: StrykerJS over the core, one folder at a time (default: all seven, smallest
# first). Long (tens of minutes per folder on a busy machine): not part of npm test or CI. Scores and the
# survivors judged equivalent are kept in test/MUTATION.md; the HTML reports land in reports/mutation/.
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(ipam dataplane render wire bgp walk policy)
for f in "${folders[@]}"; do
  # FOLDER/FILE.ts mutates that one file (with the folder's tests), for folders too long for one sitting
  folder="${f%%/*}" file=""
  [ "$folder" = "$f" ] || file="${f#*/}"
  [ -d "src/core/$folder" ] || { echo "mutation: no folder src/core/$folder" >&2; exit 1; }
  [ -z "$file" ] || [ -f "src/core/$folder/$file" ] || { echo "mutation: no file src/core/$f" >&2; exit 1; }
  echo "== mutation: src/core/$f"
  CNI_LAB_MUTATE="$folder" CNI_LAB_MUTATE_FILE="$file" npx stryker run stryker.config.mjs
done

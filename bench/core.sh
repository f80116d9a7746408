#!/usr/bin/env bash
# dicom-core parsing speed: our header parse and full read/write per file, beside dcmdump on the
# same files in the same run. Usage: bench/core.sh [CORPUS_DIR]  (default: a fresh `small` synth corpus)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
corpus=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$corpus" ]; then
  corpus="$tmp/corpus"
  ./sen synth --preset small --seed 1 --mix CT=100 --out "$corpus" >/dev/null
fi
./sen build -q -pl tools -am >/dev/null
JAVA_HOME=$(ls -d /usr/lib/jvm/*25* | head -n1)
cp="tools/target/sen-tools.jar:tools/target/lib/*"
mapfile -t files < <(find "$corpus" -name '*.dcm' | sort)
echo "## dicom-core parsing, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
"$JAVA_HOME/bin/java" -cp "$cp" bench/java/CoreBench.java "$corpus" 7 | tee "$tmp/ours.txt"
ours_header=$(sed -n 's/.*header_us_per_file=\([0-9.]*\).*/\1/p' "$tmp/ours.txt")
# dcmdump: one process over all files (start-up cost shared), headers only (+sd stops before pixel data? no: -M loads short values)
best=""
for r in 1 2 3; do
  s=$(date +%s%N)
  dcmdump -q -M +L "${files[@]}" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  t=$(( (e - s) / 1000 / ${#files[@]} ))
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
echo "dcmdump_us_per_file=$best (best of 3, one process over ${#files[@]} files, -M: long values not loaded)"
awk -v o="$ours_header" -v d="$best" 'BEGIN { printf "ratio dcmdump/ours (header parse) = %.1fx\n", d / o }'

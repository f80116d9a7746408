# The Markdown report: one table, a row per measure, a column per target, and the ratios
# Sen/Orthanc and Sen/storescp. Sourced by bench/run.sh.

# Rows: METRIC|what|unit|direction (up: higher is better, down: lower is better).
# Query rows are added by run.sh from the manifest (their labels name the keys and answer size).
report_rows() {
  cat <<EOF
ingest_folder_ips|C-STORE whole corpus, 1 association (storescu)|instances/s|up
ingest_folder_mbps|C-STORE whole corpus, 1 association|MB/s|up
ingest_folder_cpu|C-STORE whole corpus, 1 association: server CPU|s|down
ingest_folder_rss|C-STORE whole corpus, 1 association: server peak RSS|MB|down
ingest_warm_ips|C-STORE whole corpus, 1 association, after a warm-up ingest (steady state)|instances/s|up
ingest_warm_mbps|C-STORE whole corpus, 1 association, after a warm-up ingest|MB/s|up
ingest_warm_cpu|C-STORE whole corpus, 1 association, after a warm-up ingest: server CPU|s|down
ingest_warm_rss|C-STORE whole corpus, 1 association, after a warm-up ingest: server peak RSS|MB|down
ingest_study_ips|C-STORE, 1 association per study|instances/s|up
ingest_study_mbps|C-STORE, 1 association per study|MB/s|up
ingest_study_cpu|C-STORE, 1 association per study: server CPU|s|down
ingest_study_rss|C-STORE, 1 association per study: server peak RSS|MB|down
echo_assoc|C-ECHO, new association each (echoscu)|ms|down
echo_rtt|C-ECHO, 500 on 1 association|ms/echo|down
EOF
  local q
  for q in $BENCH_QUERIES; do
    [ -f "$WORK/expected/q-$q" ] || continue
    echo "find_$q|C-FIND study, $(query_label "$q")|ms/query|down"
  done
  for q in $BENCH_QUERIES; do
    [ -f "$WORK/expected/q-$q" ] || continue
    echo "qido_$q|QIDO-RS /studies, $(query_label "$q")|ms|down"
  done
  local study
  study="$RETRIEVE_COUNT instances, $(fmt "$(calc "$RETRIEVE_BYTES / 1000000")") MB"
  cat <<EOF
wado_s|WADO-RS whole study ($study)|s|down
wado_mbps|WADO-RS whole study|MB/s|up
move_s|C-MOVE whole study (movescu as destination)|s|down
get_s|C-GET whole study (getscu)|s|down
metadata_cold|WADO-RS series /metadata ($BENCH_SERIES_INSTANCES instances), first request after the store|ms|down
metadata_warm|WADO-RS series /metadata ($BENCH_SERIES_INSTANCES instances), repeated ($BENCH_METADATA_REPS requests)|ms|down
EOF
}

# speedup METRIC: Orthanc's median over Sen's for a lower-is-better metric ("12.3×": Sen is 12.3 times faster), or "—".
speedup() {
  local s o
  s=$(median_of "$1" sen || true)
  o=$(median_of "$1" orthanc || true)
  if [ -n "$s" ] && [ -n "$o" ] && awk -v s="$s" 'BEGIN { exit !(s > 0) }'; then
    echo "$(fmt "$(calc "$o / $s")")×"
  else
    echo "—"
  fi
}

# query_label ID: "PatientName=NGUYỄN* → 13 studies"
query_label() {
  local keys n alt=""
  keys=$(paste -sd' ' < "$WORK/expected/q-$1.keys")
  n=$(wc -l < "$WORK/expected/q-$1")
  [ -f "$WORK/expected/q-$1.folded" ] && alt=" (or $(wc -l < "$WORK/expected/q-$1.folded") ignoring diacritics)"
  echo "$keys → $n $([ "$n" = 1 ] && echo study || echo studies)$alt"
}

# cell METRIC TARGET: the text of one cell.
cell() {
  local m=$1 t=$2
  if [ -f "$WORK/cells/$m/$t" ]; then cat "$WORK/cells/$m/$t"; return; fi
  if [ -f "$WORK/samples/$m/$t" ]; then
    local med lo hi
    read -r med lo hi < <(stats "$WORK/samples/$m/$t")
    if [ "$(wc -l < "$WORK/samples/$m/$t")" -gt 1 ]; then
      echo "$(fmt "$med") ($(fmt "$lo")–$(fmt "$hi"))"
    else
      fmt "$med"
    fi
    return
  fi
  if [ -n "${TARGET_NA[$t]:-}" ]; then echo "not available"; else echo "—"; fi
}

median_of() { # median_of METRIC TARGET: the median, or nothing
  [ -f "$WORK/samples/$1/$2" ] && [ ! -f "$WORK/cells/$1/$2" ] && stats "$WORK/samples/$1/$2" | cut -d' ' -f1
}

ratio() { # ratio METRIC A B: A's median over B's, "1.23×", or "—"
  local a b
  a=$(median_of "$1" "$2" || true)
  b=$(median_of "$1" "$3" || true)
  if [ -n "$a" ] && [ -n "$b" ] && awk -v b="$b" 'BEGIN { exit !(b > 0) }'; then
    echo "$(fmt "$(calc "$a / $b")")×"
  else
    echo "—"
  fi
}

checks_cell() { # answers checked for one target: right, wrong, and not available
  local f="$WORK/checks/$1"
  if [ ! -f "$f" ]; then
    if [ -n "${TARGET_NA[$1]:-}" ]; then echo "not available"; else echo "—"; fi
    return
  fi
  local ok wrong na text
  ok=$(grep -c '^ok ' "$f" || true)
  wrong=$(grep -c '^FAIL ' "$f" || true)
  na=$(grep -c '^na ' "$f" || true)
  if [ "$wrong" != 0 ]; then text="**$wrong WRONG**, $ok right"; else text="all $ok right"; fi
  [ "$na" != 0 ] && text="$text, $na not available"
  echo "$text"
}

write_report() {
  local t line m what unit dir arrow
  echo "## Sen PACS benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $MACHINE; load average $LOAD_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
  echo "- disk: a new 540 KB file written and forced with its folder in ${FLUSH_START:-?} ms at start," \
       "$(flush_probe "$WORK/tmp") ms at end (bench/java/FlushProbe.java, median of 25): the least a durable acknowledgement costs"
  echo "- folders: $DELETIONS"
  echo "- corpus: \`./sen synth --preset $BENCH_PRESET --seed $BENCH_SEED\`: $N_INSTANCES instances, $N_STUDIES studies,"
  echo "  $(fmt "$(calc "$CORPUS_BYTES / 1000000")") MB ($CORPUS_MIX)"
  echo "- repetitions: ingest $BENCH_REPS, queries $BENCH_QUERY_REPS, retrievals $BENCH_RETRIEVE_REPS;" \
       "cells are median (min–max)"
  for t in $BENCH_TARGETS; do
    echo "- $(target_label "$t"): ${TARGET_VERSION[$t]:-?}${TARGET_NA[$t]:+ — **not available**: ${TARGET_NA[$t]}}"
    [ -n "${TARGET_WEB_NA[$t]:-}" ] && echo "  (DICOMweb not available: ${TARGET_WEB_NA[$t]})"
  done
  echo "- clients: $(storescu --version 2>&1 | head -1 | sed 's/^\$dcmtk: //; s/ \$$//') (dcmtk SCUs), curl $(curl --version | head -1 | awk '{print $2}'); all on 127.0.0.1, TCP_NODELAY=1"
  echo
  local header="| measure | unit |" rule="|---|---|"
  for t in $BENCH_TARGETS; do header="$header $(target_label "$t") |"; rule="$rule---|"; done
  header="$header Sen/Orthanc | Sen/storescp |"
  rule="$rule---|---|"
  echo "$header"
  echo "$rule"
  while IFS='|' read -r m what unit dir; do
    arrow=$([ "$dir" = up ] && echo "↑" || echo "↓")
    line="| $what | $unit $arrow |"
    for t in $BENCH_TARGETS; do line="$line $(cell "$m" "$t") |"; done
    line="$line $(ratio "$m" sen orthanc) | $(ratio "$m" sen storescp) |"
    echo "$line"
  done < <(report_rows)
  line="| answers checked against the manifest | |"
  for t in $BENCH_TARGETS; do line="$line $(checks_cell "$t") |"; done
  echo "$line | |"
  echo
  echo "Series /metadata ($BENCH_SERIES_INSTANCES instances): Sen is $(speedup metadata_cold) as fast as Orthanc cold" \
       "(first request after the store) and $(speedup metadata_warm) as fast warm (Orthanc's median time over Sen's)."
  echo
  echo "↑ higher is better, ↓ lower is better; a ratio is Sen's median over the other's. \"—\": the"
  echo "target does not offer that service (storescp only stores and echoes). \"not available\": the"
  echo "target is missing or does not answer yet. WRONG/FAIL: the answer did not match the manifest;"
  echo "no figure is given for it. Total bench time: $(fmt "$(calc "$(seconds_since "$BENCH_START") / 60")") min."
}

# The measures. Each runs a peer we did not write (dcmtk's SCUs, curl) against one target, times
# it, and checks the answer against the corpus manifest: a fast wrong answer is a failure, never a
# figure. Sourced by bench/run.sh after lib/common.sh and lib/targets.sh.
#
# Inputs set by run.sh: CORPUS (folder), MANIFEST, N_INSTANCES, N_STUDIES, CORPUS_BYTES,
# RETRIEVE_UID (the study retrieved), RETRIEVE_COUNT, RETRIEVE_BYTES, $WORK/expected/* (sorted UIDs),
# SERIES_CORPUS, SERIES_STUDY_UID, SERIES_UID (the one big series for /metadata).

scu() { # common dcmtk SCU arguments
  echo "-aet BENCHSCU -aec $(target_aet "$1") 127.0.0.1 $(target_port "$1")"
}

# ---- C-STORE ingest ---------------------------------------------------------------------------

# measure_ingest TARGET MODE: MODE "folder" (one association for the whole corpus), "study"
# (one association, one storescu, per study) or "warm" (like folder, after an untimed ingest of the
# warm-up corpus into the same fresh target: the steady state of a server that has been running,
# JIT-compiled code and caches warm). Starts the target fresh and leaves it running.
measure_ingest() {
  local t=$1 mode=$2 m="ingest_$2" log="$WORK/logs/ingest-$2-$1.log"
  if [ -n "${TARGET_STORE_NA[$t]:-}" ]; then
    for k in ips mbps cpu rss; do set_cell "${m}_$k" "$t" "not available (${TARGET_STORE_NA[$t]})"; done
    return
  fi
  if ! target_start "$t"; then
    for k in ips mbps cpu rss; do set_cell "${m}_$k" "$t" "not available"; done
    return
  fi
  local pid=${TARGET_PID[$t]} cpu0 cpu1 start secs rc=0 dir
  if [ "$mode" = warm ]; then
    # shellcheck disable=SC2046
    storescu $(scu "$t") -R +sd +r --scan-pattern '*.dcm' "$WARM_CORPUS" > "$log.warm-up" 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
      for k in ips mbps cpu rss; do set_cell "${m}_$k" "$t" "FAIL (warm-up ingest: storescu exit code $rc)"; done
      return
    fi
  fi
  cpu0=$(cpu_seconds "$pid")
  start=$(now)
  # shellcheck disable=SC2046
  if [ "$mode" = folder ] || [ "$mode" = warm ]; then
    storescu $(scu "$t") -R +sd +r --scan-pattern '*.dcm' "$CORPUS" > "$log" 2>&1 || rc=$?
  else
    : > "$log"
    while read -r dir; do
      storescu $(scu "$t") -R +sd +r --scan-pattern '*.dcm' "$CORPUS/$dir" >> "$log" 2>&1 || rc=$?
    done < "$WORK/expected/study-dirs"
  fi
  secs=$(seconds_since "$start")
  cpu1=$(cpu_seconds "$pid")
  local rss
  rss=$(peak_rss_mb "$pid")

  if [ "$rc" != 0 ] && service_refused "$log"; then
    # shellcheck disable=SC2004 # an associative array (lib/targets.sh)
    TARGET_STORE_NA[$t]="C-STORE refused"
    scu_failed "$t" "C-STORE" "$log" "${m}_ips" "${m}_mbps" "${m}_cpu" "${m}_rss"
    return
  fi
  local problem=""
  [ "$rc" = 0 ] || problem="storescu exit code $rc"
  [ -z "$problem" ] && problem=$(verify_archive_content "$t" "$mode")
  check_result "$t" "C-STORE $mode: every instance stored" "$([ -z "$problem" ] && echo 0 || echo 1)" "$problem"
  if [ -n "$problem" ]; then
    for k in ips mbps cpu rss; do set_cell "${m}_$k" "$t" "FAIL ($problem)"; done
    return
  fi
  add_sample "${m}_ips" "$t" "$(calc "$N_INSTANCES / $secs")"
  add_sample "${m}_mbps" "$t" "$(calc "$CORPUS_BYTES / 1000000 / $secs")"
  add_sample "${m}_cpu" "$t" "$(calc "$cpu1 - $cpu0")"
  add_sample "${m}_rss" "$t" "$rss"
  say "  $(target_label "$t") $mode ingest: $(fmt "$secs") s, $(fmt "$(calc "$N_INSTANCES / $secs")") instances/s"
}

# What the target holds after ingest, against the manifest (and, after a warm-up ingest, the
# warm-up corpus's too). Prints nothing when right.
verify_archive_content() {
  local t=$1 got="$WORK/tmp/content-$1" sops="$WORK/expected/sop-uids" studies="$WORK/expected/study-uids"
  local n_instances=$N_INSTANCES n_studies=$N_STUDIES
  if [ "${2:-}" = warm ]; then
    sops="$WORK/expected/warm-sop-uids" studies="$WORK/expected/warm-study-uids"
    n_instances=$((N_INSTANCES + WARM_INSTANCES)) n_studies=$((N_STUDIES + WARM_STUDIES))
  fi
  if [ "$t" = storescp ]; then
    sop_uids_in_dir "${WORK}/targets/storescp/data" > "$got"
    cmp -s "$got" "$sops" ||
      echo "storescp holds $(wc -l < "$got") of $n_instances instances"
    return
  fi
  # An archive: one study-level C-FIND for everything, with Number of Study Related Instances.
  local log="$WORK/tmp/content-find-$1.log"
  # shellcheck disable=SC2046
  if ! findscu -S $(scu "$t") -k QueryRetrieveLevel=STUDY -k StudyInstanceUID \
      -k NumberOfStudyRelatedInstances > "$log" 2>&1; then
    echo "C-FIND for all studies failed"
    return
  fi
  uids_in_find_output "$log" | sort > "$got"
  local instances
  instances=$(sed -n 's/^I: (0020,1208) IS \[\([0-9]*\).*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
  if ! cmp -s "$got" "$studies"; then
    echo "C-FIND finds $(wc -l < "$got") of $n_studies studies"
  elif [ "$instances" != "$n_instances" ]; then
    echo "studies hold $instances of $n_instances instances"
  fi
}

# ---- C-ECHO -----------------------------------------------------------------------------------

measure_echo() {
  local t=$1 i start ok=0
  for i in $(seq 1 "$BENCH_QUERY_REPS"); do
    start=$(now)
    # shellcheck disable=SC2046
    echoscu $(scu "$t") > /dev/null 2>&1 || ok=1
    add_sample echo_assoc "$t" "$(calc "$(seconds_since "$start") * 1000")"
    start=$(now)
    # shellcheck disable=SC2046
    echoscu --repeat 500 $(scu "$t") > /dev/null 2>&1 || ok=1
    add_sample echo_rtt "$t" "$(calc "$(seconds_since "$start") * 1000 / 500")"
  done
  check_result "$t" "C-ECHO" "$ok" "echoscu failed"
  if [ "$ok" != 0 ]; then set_cell echo_assoc "$t" "FAIL"; set_cell echo_rtt "$t" "FAIL"; fi
}

# ---- C-FIND and QIDO-RS -----------------------------------------------------------------------

# answer_ok GOT_FILE QUERY_ID: the sorted, de-duplicated UIDs equal the expected answer, or the
# diacritics-insensitive one where the manifest gives it.
answer_ok() {
  sort -u "$1" > "$1.sorted"
  cmp -s "$1.sorted" "$WORK/expected/q-$2" && return 0
  [ -f "$WORK/expected/q-$2.folded" ] && cmp -s "$1.sorted" "$WORK/expected/q-$2.folded" && return 0
  return 1
}

# measure_find TARGET QUERY_ID: BENCH_QUERY_REPS runs of findscu, each sending the query 10 times
# on one association; the figure is ms per query.
measure_find() {
  local t=$1 q=$2 m="find_$2" i start log="$WORK/logs/find-$2-$1.log" got="$WORK/tmp/find-$2-$1"
  local -a keys
  mapfile -t keys < "$WORK/expected/q-$q.findscu-keys"
  for i in $(seq 1 "$BENCH_QUERY_REPS"); do
    start=$(now)
    # shellcheck disable=SC2046
    if ! findscu -S --repeat 10 $(scu "$t") -k QueryRetrieveLevel=STUDY -k "SpecificCharacterSet=ISO_IR 192" \
        -k StudyInstanceUID "${keys[@]}" > "$log" 2>&1; then
      scu_failed "$t" "C-FIND" "$log" "$m"
      return
    fi
    local ms
    ms=$(calc "$(seconds_since "$start") * 1000 / 10")
    uids_in_find_output "$log" > "$got"
    local n_lines n_unique
    n_lines=$(wc -l < "$got")
    n_unique=$(sort -u "$got" | wc -l)
    # Right studies, each answered once per query sent.
    if ! answer_ok "$got" "$q" || [ "$n_lines" != $((n_unique * 10)) ]; then
      local want
      want=$(wc -l < "$WORK/expected/q-$q")
      check_result "$t" "C-FIND $q" 1 "$n_unique studies in $n_lines responses, expected $want"
      set_cell "$m" "$t" "WRONG ($n_unique of $want studies)"
      return
    fi
    add_sample "$m" "$t" "$ms"
  done
  check_result "$t" "C-FIND $q" 0
}

# measure_qido TARGET QUERY_ID: one curl request per run; the figure is ms per request.
measure_qido() {
  local t=$1 q=$2 m="qido_$2" base i got="$WORK/tmp/qido-$2-$1" body="$WORK/tmp/qido-$2-$1.json" out
  base=$(target_dicomweb "$t")
  local url
  url="$base/studies?$(cat "$WORK/expected/q-$q.qido-params")&includefield=0020000D"
  for i in $(seq 1 "$BENCH_QUERY_REPS"); do
    out=$(curl -s -o "$body" -w '%{http_code} %{time_total}' -H 'Accept: application/dicom+json' "$url") || true
    local code=${out%% *} secs=${out#* }
    if [ "$code" != 200 ] && [ "$code" != 204 ]; then
      check_result "$t" "QIDO-RS $q" 1 "HTTP $code"
      set_cell "$m" "$t" "FAIL (HTTP $code)"
      return
    fi
    if [ "$code" = 204 ] || [ ! -s "$body" ]; then : > "$got"; else
      jq -r '.[] | .["0020000D"].Value[0]' "$body" > "$got" 2>/dev/null || { set_cell "$m" "$t" "FAIL (not JSON)"; return; }
    fi
    if ! answer_ok "$got" "$q"; then
      local n
      n=$(sort -u "$got" | wc -l)
      check_result "$t" "QIDO-RS $q" 1 "$n studies, expected $(wc -l < "$WORK/expected/q-$q")"
      set_cell "$m" "$t" "WRONG ($n of $(wc -l < "$WORK/expected/q-$q") studies)"
      return
    fi
    add_sample "$m" "$t" "$(calc "$secs * 1000")"
  done
  check_result "$t" "QIDO-RS $q" 0
}

# ---- retrieval: WADO-RS, C-MOVE, C-GET of one whole study --------------------------------------

measure_wado() {
  local t=$1 base i out body="$WORK/tmp/wado-$1.bin" headers="$WORK/tmp/wado-$1.h"
  base=$(target_dicomweb "$t")
  # One request first, not measured, for every target alike: the figure is the steady state, not
  # the first use of the code path (a JVM compiles it then; that cost is ~1 s once per start).
  curl -s -o /dev/null -H 'Accept: multipart/related; type="application/dicom"' "$base/studies/$RETRIEVE_UID" || true
  for i in $(seq 1 "$BENCH_RETRIEVE_REPS"); do
    out=$(curl -s -o "$body" -D "$headers" -w '%{http_code} %{time_total} %{size_download}' \
      -H 'Accept: multipart/related; type="application/dicom"' "$base/studies/$RETRIEVE_UID") || true
    local code secs size
    read -r code secs size <<< "$out"
    if [ "$code" != 200 ]; then
      check_result "$t" "WADO-RS study" 1 "HTTP $code"
      set_cell wado_s "$t" "FAIL (HTTP $code)"
      set_cell wado_mbps "$t" "FAIL (HTTP $code)"
      return
    fi
    # Every SOP Instance UID of the study must be in the response (their bytes are in each part).
    local boundary parts found
    boundary=$(sed -n 's/^content-type:.*boundary=\([^;[:space:]]*\).*/\1/Ip' "$headers" | tr -d '"\r' | head -1)
    parts=$(( $(LC_ALL=C grep -a -o -F -e "--$boundary" "$body" | wc -l) - 1 ))
    found=$(LC_ALL=C grep -a -o -F -f "$WORK/expected/retrieve-uids" "$body" | sort -u | wc -l)
    if [ "$parts" != "$RETRIEVE_COUNT" ] || [ "$found" != "$RETRIEVE_COUNT" ]; then
      check_result "$t" "WADO-RS study" 1 "$parts parts, $found of $RETRIEVE_COUNT instances"
      set_cell wado_s "$t" "WRONG ($found of $RETRIEVE_COUNT instances)"
      set_cell wado_mbps "$t" "WRONG"
      return
    fi
    add_sample wado_s "$t" "$secs"
    add_sample wado_mbps "$t" "$(calc "$size / 1000000 / $secs")"
  done
  check_result "$t" "WADO-RS study" 0
}

# measure_retrieve TARGET move|get: C-MOVE to movescu's own storage SCP, or C-GET on one association.
measure_retrieve() {
  local t=$1 kind=$2 m="$2_s" start rc dir="$WORK/tmp/$2-$1" log="$WORK/logs/$2-$1.log" what
  what=$([ "$kind" = move ] && echo C-MOVE || echo C-GET)
  for _ in $(seq 1 "$BENCH_RETRIEVE_REPS"); do
    rm -rf "$dir"
    mkdir -p "$dir"
    rc=0
    start=$(now)
    # shellcheck disable=SC2046
    if [ "$kind" = move ]; then
      movescu -S $(scu "$t") -aem BENCHSCU --port "$PORT_MOVE_DEST" -od "$dir" \
        -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$RETRIEVE_UID" > "$log" 2>&1 || rc=$?
    else
      getscu -S $(scu "$t") -od "$dir" \
        -k QueryRetrieveLevel=STUDY -k "StudyInstanceUID=$RETRIEVE_UID" > "$log" 2>&1 || rc=$?
    fi
    local secs
    secs=$(seconds_since "$start")
    sop_uids_in_dir "$dir" > "$dir.uids"
    if ! cmp -s "$dir.uids" "$WORK/expected/retrieve-uids"; then
      local n
      n=$(wc -l < "$dir.uids")
      if [ "$n" = 0 ] && [ "$rc" != 0 ]; then
        scu_failed "$t" "$what" "$log" "$m"
      else
        check_result "$t" "$what study" 1 "$n of $RETRIEVE_COUNT instances, exit code $rc"
        set_cell "$m" "$t" "WRONG ($n of $RETRIEVE_COUNT instances)"
      fi
      return
    fi
    add_sample "$m" "$t" "$secs"
  done
  check_result "$t" "$what study" 0
}

# ---- WADO-RS series metadata ------------------------------------------------------------------

# measure_metadata TARGET: stores the one-series corpus (one association), then asks for the
# series' /metadata: the first answer after the store is "cold" (nothing cached yet), the next
# BENCH_METADATA_REPS are "warm". Every answer must list exactly the series' SOP Instance UIDs.
measure_metadata() {
  local t=$1 base url i out code secs body="$WORK/tmp/metadata-$1.json" got="$WORK/tmp/metadata-$1.uids"
  local log="$WORK/logs/store-series-$1.log"
  # shellcheck disable=SC2046
  if ! storescu $(scu "$t") -R +sd +r --scan-pattern '*.dcm' "$SERIES_CORPUS" > "$log" 2>&1; then
    scu_failed "$t" "C-STORE (series corpus)" "$log" metadata_cold metadata_warm
    return
  fi
  base=$(target_dicomweb "$t")
  url="$base/studies/$SERIES_STUDY_UID/series/$SERIES_UID/metadata"
  for i in $(seq 0 "$BENCH_METADATA_REPS"); do
    out=$(curl -s -o "$body" -w '%{http_code} %{time_total}' -H 'Accept: application/dicom+json' "$url") || true
    read -r code secs <<< "$out"
    if [ "$code" != 200 ]; then
      check_result "$t" "WADO-RS series metadata" 1 "HTTP $code"
      set_cell metadata_cold "$t" "FAIL (HTTP $code)"
      set_cell metadata_warm "$t" "FAIL (HTTP $code)"
      return
    fi
    jq -r '.[] | .["00080018"].Value[0]' "$body" 2>/dev/null | sort > "$got" || : > "$got"
    if ! cmp -s "$got" "$WORK/expected/series-uids"; then
      local n
      n=$(wc -l < "$got")
      check_result "$t" "WADO-RS series metadata" 1 "$n of $BENCH_SERIES_INSTANCES instances"
      set_cell metadata_cold "$t" "WRONG ($n of $BENCH_SERIES_INSTANCES instances)"
      set_cell metadata_warm "$t" "WRONG ($n of $BENCH_SERIES_INSTANCES instances)"
      return
    fi
    if [ "$i" = 0 ]; then
      add_sample metadata_cold "$t" "$(calc "$secs * 1000")"
    else
      add_sample metadata_warm "$t" "$(calc "$secs * 1000")"
    fi
  done
  say "  $(target_label "$t") /metadata: cold $(fmt "$(head -1 "$WORK/samples/metadata_cold/$t")") ms," \
      "warm median $(fmt "$(stats "$WORK/samples/metadata_warm/$t" | cut -d' ' -f1)") ms"
  check_result "$t" "WADO-RS series metadata" 0
}

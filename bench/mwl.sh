#!/usr/bin/env bash
# Modality Worklist query latency with 10,000 scheduled items (embedded H2), with dcmtk findscu as
# the client: the median wall time of one findscu run (process start, association, C-FIND, release)
# for typical modality queries — station AE + today, patient name without and with diacritics,
# accession number — beside the median of a C-ECHO run (echoscu) that measures the fixed cost.
#
# Usage: bench/mwl.sh            (ORDERS=10000 REPS=9 BENCH_WORK=/tmp/sen-bench-mwl to change)
# Needs: dcmtk (findscu, echoscu), a JDK 25 and Maven with the project's dependencies in ~/.m2.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ORDERS=${ORDERS:-10000}
REPS=${REPS:-9}
WORK=${BENCH_WORK:-/tmp/sen-bench-mwl}
TARGET=target-mwlbench
export TCP_NODELAY=1

say() { printf 'mwl-bench: %s\n' "$*" >&2; }
for t in findscu echoscu mvn; do command -v "$t" >/dev/null || { say "error: $t not found"; exit 1; }; done
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n1)}
export JAVA_HOME

say "building pacs-archive and ris-worklist ..."
mvn -B -q -o -DskipTests -Dsen.target=$TARGET package -pl pacs-archive,ris-worklist >/dev/null
mvn -B -q -o -Dsen.target=$TARGET dependency:build-classpath -pl ris-worklist -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$root/ris-worklist/$TARGET/bench.classpath" >/dev/null
cp="$root/ris-worklist/$TARGET/classes:$root/pacs-archive/$TARGET/classes:$(cat "$root/ris-worklist/$TARGET/bench.classpath")"

rm -rf "$WORK"; mkdir -p "$WORK"
coproc SERVER { exec "$JAVA_HOME/bin/java" -cp "$cp" bench/java/MwlBench.java "$WORK/data" "$ORDERS" 2>"$WORK/server.log"; }
server_pid=$SERVER_PID
trap 'exec {SERVER[1]}>&- 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
port=""
while read -r line <&"${SERVER[0]}"; do
  case "$line" in PORT=*) port=${line#PORT=}; break ;; esac
done
[ -n "$port" ] || { say "error: the server did not start"; cat "$WORK/server.log" >&2; exit 1; }
grep -h "orders seeded" "$WORK/server.log" >&2 || true

today=$(date +%Y%m%d)
sps="ScheduledProcedureStepSequence[0]"
returns=(-k AccessionNumber -k PatientName -k PatientID -k PatientBirthDate -k PatientSex -k StudyInstanceUID
  -k RequestedProcedureID -k RequestedProcedureDescription -k "$sps.Modality" -k "$sps.ScheduledStationAETitle"
  -k "$sps.ScheduledProcedureStepStartDate" -k "$sps.ScheduledProcedureStepStartTime" -k "$sps.ScheduledProcedureStepID")

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run NAME ARGS...: REPS timed runs of findscu; prints the median in ms and the number of matches.
run() {
  local name=$1; shift
  local times=() i s e out matches
  for i in $(seq 0 "$REPS"); do
    out="$WORK/rsp-$name"; rm -rf "$out"; mkdir -p "$out"
    s=$EPOCHREALTIME
    findscu -aec MWLBENCH -W -X -od "$out" "${returns[@]}" "$@" localhost "$port" >/dev/null 2>&1
    e=$EPOCHREALTIME
    [ "$i" -eq 0 ] && continue # the first run warms the server up
    times+=("$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
  done
  matches=$(find "$out" -name 'rsp*.dcm' | wc -l)
  printf '| %s | %s ms | %d |\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" "$matches"
}

echo "## MWL query latency, $ORDERS scheduled items, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| query (findscu -W, median of $REPS runs) | wall time | matches |"
echo "|---|---|---|"
echo_times=()
for i in $(seq 0 "$REPS"); do
  s=$EPOCHREALTIME; echoscu -aec MWLBENCH localhost "$port" >/dev/null 2>&1; e=$EPOCHREALTIME
  [ "$i" -gt 0 ] && echo_times+=("$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
done
printf '| %s | %s ms | %s |\n' "C-ECHO (echoscu: the fixed cost)" "$(printf '%s\n' "${echo_times[@]}" | median)" "-"
run "station AE + today" -k "$sps.ScheduledStationAETitle=CT03" -k "$sps.ScheduledProcedureStepStartDate=$today"
run "modality + today, 08:00-12:00" -k "$sps.Modality=MR" -k "$sps.ScheduledProcedureStepStartDate=$today" \
  -k "$sps.ScheduledProcedureStepStartTime=0800-1200"
run "patient name, no diacritics (nguyen^van an*)" -k "PatientName=nguyen^van an*"
run "patient name, diacritics (NGUYỄN^VĂN AN*)" -k "SpecificCharacterSet=ISO_IR 192" -k "PatientName=NGUYỄN^VĂN AN*"
run "accession number" -k "AccessionNumber=ACC00005000"
run "everything (capped at max results 1000)"

# Shared helpers of the benchmark scripts: logging, timing, statistics, processes, results.
# Sourced by bench/run.sh; expects WORK (the run's temp folder) to be set.

say() { printf '%s\n' "bench: $*" >&2; }
die() { say "error: $*"; exit 1; }

# ---- time -------------------------------------------------------------------------------------

# Wall-clock seconds with microseconds (bash's EPOCHREALTIME; LC_ALL=C keeps the dot).
now() { printf '%s\n' "$EPOCHREALTIME"; }

# seconds_since START: elapsed seconds as a decimal.
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'; }

# calc EXPR: floating-point arithmetic through awk.
calc() { awk "BEGIN { printf \"%.6f\n\", $* }"; }

# ---- samples and cells ------------------------------------------------------------------------
# A measure's samples: $WORK/samples/METRIC/TARGET, one number a line.
# A cell's text when it holds no number ("not available", "FAIL: ..."): $WORK/cells/METRIC/TARGET.

add_sample() { # add_sample METRIC TARGET VALUE
  mkdir -p "$WORK/samples/$1"
  printf '%s\n' "$3" >> "$WORK/samples/$1/$2"
}

set_cell() { # set_cell METRIC TARGET TEXT (the first text set wins: a failure is never overwritten)
  mkdir -p "$WORK/cells/$1"
  [ -f "$WORK/cells/$1/$2" ] || printf '%s\n' "$3" > "$WORK/cells/$1/$2"
}

# check_na TARGET WHAT REASON: a check that could not run because the target does not offer the
# service yet (association or presentation context refused). Not a wrong answer.
check_na() {
  mkdir -p "$WORK/checks"
  echo "na $2: $3" >> "$WORK/checks/$1"
}

# check_result TARGET WHAT OK(0/1) [DETAIL]: counts every answer checked against the manifest.
check_result() {
  mkdir -p "$WORK/checks"
  if [ "$3" = 0 ]; then
    echo "ok $2" >> "$WORK/checks/$1"
  else
    echo "FAIL $2: ${4:-}" >> "$WORK/checks/$1"
    say "WRONG ANSWER from $1: $2${4:+ ($4)}"
  fi
}

# stats FILE: "median min max" of the numbers in FILE.
stats() {
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.6f %.6f %.6f\n", m, v[1], v[NR] }'
}

# fmt NUMBER: three significant digits or so, no exponent.
fmt() {
  awk -v x="$1" 'BEGIN {
    a = (x < 0) ? -x : x
    if (a >= 100) printf "%.0f", x; else if (a >= 10) printf "%.1f", x;
    else if (a >= 1) printf "%.2f", x; else printf "%.3f", x }'
}

# ---- processes --------------------------------------------------------------------------------
# Every process the bench starts is recorded, and stopped by its PID (never by name).

remember_pid() { echo "$1" >> "$WORK/pids"; }

stop_pid() { # stop_pid PID: SIGTERM, then SIGKILL after 15 s
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

stop_all_started() {
  [ -f "$WORK/pids" ] || return 0
  local pid
  while read -r pid; do stop_pid "$pid"; done < "$WORK/pids"
  : > "$WORK/pids"
}

# cpu_seconds PID: user + system CPU time the process used so far.
cpu_seconds() {
  local ticks
  ticks=$(getconf CLK_TCK)
  # Fields after the ")" of the command name: state is 1, utime 12, stime 13.
  sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$ticks" '{ printf "%.2f\n", ($12 + $13) / t }'
}

# peak_rss_mb PID: the process's peak resident set (VmHWM), MB.
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"; }

port_free() { [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# ---- DICOM helpers ----------------------------------------------------------------------------
# dcmtk tools: our SCU AE is BENCHSCU; Debian's dcmtk keeps Nagle on unless TCP_NODELAY is set.

echo_ok() { # echo_ok AET PORT: true when the port answers C-ECHO
  echoscu -to 3 -ta 3 -td 3 -aet BENCHSCU -aec "$1" 127.0.0.1 "$2" >/dev/null 2>&1
}

# uids_in_find_output FILE: Study Instance UIDs of the C-FIND responses that findscu logged.
uids_in_find_output() { sed -n 's/^I: (0020,000d) UI \[\([0-9.]*\).*/\1/p' "$1"; }

# sop_uids_in_dir DIR: SOP Instance UIDs of the files that storescp, movescu or getscu wrote
# (their names are MODALITY.UID).
sop_uids_in_dir() { find "$1" -type f -printf '%f\n' | sed 's/^[^.]*\.//' | sort; }

# service_refused LOG: the peer refused the association or every presentation context: the service
# is not offered (yet). Anything else that fails is a failure.
service_refused() { grep -qiE 'No Acceptable Presentation Context|Association Rejected' "$1"; }

# scu_failed TARGET WHAT LOG METRIC...: records a failed SCU run: "not available" when the service
# is refused, else FAIL with the tool's first error line.
scu_failed() {
  local t=$1 what=$2 log=$3 m
  shift 3
  if service_refused "$log"; then
    check_na "$t" "$what" "refused"
    for m in "$@"; do set_cell "$m" "$t" "not available ($what refused)"; done
  else
    local err
    err=$(grep -E '^(E|F):' "$log" | head -1 | cut -c1-60 || true)
    check_result "$t" "$what" 1 "$err"
    for m in "$@"; do set_cell "$m" "$t" "FAIL ($err)"; done
  fi
}

# flush_probe DIR: the median milliseconds to write a new 540 KB file and force it and its folder
# (bench/java/FlushProbe.java), or "?" when it cannot run.
flush_probe() {
  "$JAVA" "$BENCH_DIR/java/FlushProbe.java" "$1" 2>/dev/null || echo "?"
}

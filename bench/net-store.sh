#!/usr/bin/env bash
# C-STORE throughput on loopback, in one run, for the same corpus:
#   1. our `./sen store`  -> our `./sen scp` (writing to disk)
#   2. dcmtk storescu     -> dcmtk storescp (writing to disk)
#   3. dcmtk storescu     -> our `./sen scp`
# Each pair runs REPS times (receivers restarted every time, so every run starts cold); the table
# gives the median wall time of the sender (start to exit, everything included: JVM start, header
# scan, association, transfer, release), instances/s, MB/s and the speed ratio against the dcmtk pair
# (above 1.0: faster than dcmtk). It goes to stdout and to bench/results/net-store-DATE.md.
#
# Our tools are built by ./sen; the timed runs then exec the java command ./sen execs (with
# SEN_JAVA_OPTS, as ./sen does) on a copy of that build, so that a file edited in this shared
# checkout during the bench cannot start a rebuild inside a measurement. The corpus is ./sen synth's
# default preset, written once into $BENCH_WORK/corpus and reused.
#
# Usage: bench/net-store.sh            (REPS=5 CORPUS=... BENCH_WORK=... SEN_JAVA_OPTS=... to change)
# Needs: dcmtk (storescu, storescp, echoscu), a JDK 25 and Maven (for ./sen).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

REPS=${REPS:-5}
WORK=${BENCH_WORK:-/tmp/sen-bench-net}
CORPUS=${CORPUS:-$WORK/corpus}
RECV=$WORK/received
export TCP_NODELAY=1 # Debian's dcmtk keeps Nagle's algorithm on unless told

say() { printf 'net-store: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

for t in storescu storescp echoscu awk ss /usr/bin/time; do
  command -v "$t" >/dev/null 2>&1 || die "$t not found (apt-get install dcmtk)"
done
mkdir -p "$WORK" "$root/bench/results"

# ---- processes we start, stopped by PID on exit ------------------------------------------------
pids=()
stop_pid() {
  local pid=$1 _
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
cleanup() { local p; for p in "${pids[@]:-}"; do [ -n "$p" ] && stop_pid "$p"; done; }
trap cleanup EXIT

free_port() { # a TCP port nobody listens on
  local p
  for p in $(seq 41200 41999); do
    if [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then echo "$p"; return 0; fi
  done
  die "no free port"
}

cpu_seconds() { # user + system CPU seconds of a running process
  local ticks; ticks=$(getconf CLK_TCK)
  sed 's/^.*) //' "/proc/$1/stat" | awk -v t="$ticks" '{ printf "%.2f\n", ($12 + $13) / t }'
}

# ---- build, and the corpus ---------------------------------------------------------------------
say "building the tools (./sen) ..."
./sen echo --help >/dev/null
jdk=${JAVA_HOME:-}
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/java" ]; then
  for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/java" ] && { jdk=$d; break; }; done
fi
[ -x "$jdk/bin/java" ] || die "no JDK 25 found (set JAVA_HOME)"
# The timed runs exec the java command ./sen execs, on a copy of what it built: a file edited in
# this shared checkout during the bench must not start a build (or swap the jar) inside a measurement.
rm -rf "$WORK/sen-tools"; mkdir -p "$WORK/sen-tools"
cp -r tools/target/sen-tools.jar tools/target/lib "$WORK/sen-tools/"
# ./sen's start-up cache is bound to the class path it was made for: make the copy's own, as ./sen does.
tools_cp="$WORK/sen-tools/sen-tools.jar:$WORK/sen-tools/lib/*"
quiet_aot=(-Xlog:aot=off -Xlog:cds=off -Xlog:cds+dynamic=off)
"$jdk/bin/java" "-XX:AOTCacheOutput=$WORK/sen-tools/sen-tools.aot" "${quiet_aot[@]}" -cp "$tools_cp" \
  org.senpacs.tools.SenTools aot-train >/dev/null 2>&1 || die "the tools' AOT training run failed"
# shellcheck disable=SC2206
SEN=("$jdk/bin/java" "-XX:AOTCache=$WORK/sen-tools/sen-tools.aot" "${quiet_aot[@]}" ${SEN_JAVA_OPTS:-} -cp "$tools_cp" org.senpacs.tools.SenTools)
# what ./sen adds for the network tools
# shellcheck disable=SC2206
SEN_NET=("$jdk/bin/java" "-XX:AOTCache=$WORK/sen-tools/sen-tools.aot" "${quiet_aot[@]}" -XX:TieredStopAtLevel=1 ${SEN_JAVA_OPTS:-} -cp "$tools_cp" org.senpacs.tools.SenTools)

if ! find "$CORPUS" -name '*.dcm' -print -quit 2>/dev/null | grep -q .; then
  if "${SEN[@]}" synth --help >/dev/null 2>&1; then
    say "writing the corpus with ./sen synth (default preset: ~2,000 instances, ~1 GB) into $CORPUS ..."
    "${SEN[@]}" synth --out "$CORPUS" --preset default -q >&2
  else
    say "./sen synth not available: writing 2,000 CT-like 512x512 16-bit files into $CORPUS ..."
    mkdir -p "$CORPUS"
    cat > "$WORK/GenCorpus.java" <<'EOF'
import java.nio.file.*;
import java.util.Random;
import org.senpacs.dicom.*;
import org.senpacs.dicom.io.DataSetWriter;

/** 2,000 CT-like instances, 512x512 16-bit, 20 studies of 100: a stand-in for ./sen synth. */
public class GenCorpus {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        Random rnd = new Random(1);
        byte[] pixels = new byte[512 * 512 * 2];
        for (int i = 0; i < 2000; i++) {
            rnd.nextBytes(pixels);
            DataSet ds = new DataSet();
            ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
            ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.9" + (1000000 + i));
            ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.8" + (i / 100));
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.7" + (i / 100));
            ds.setString(Tag.Modality, VR.CS, "CT");
            ds.setString(Tag.PatientName, VR.PN, "BENCH^" + (i / 100));
            ds.setString(Tag.PatientID, VR.LO, "B" + (i / 100));
            ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(i % 100 + 1));
            ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
            ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
            ds.setInt(Tag.Rows, VR.US, 512);
            ds.setInt(Tag.Columns, VR.US, 512);
            ds.setInt(Tag.BitsAllocated, VR.US, 16);
            ds.setInt(Tag.BitsStored, VR.US, 12);
            ds.setInt(Tag.HighBit, VR.US, 11);
            ds.setInt(Tag.PixelRepresentation, VR.US, 0);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Path f = dir.resolve("S" + (i / 100)).resolve(String.format("I%04d.dcm", i));
            Files.createDirectories(f.getParent());
            new DataSetWriter().writeFile(f, DataSetWriter.fileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
        }
    }
}
EOF
    "$jdk"/bin/java -cp "$WORK/sen-tools/sen-tools.jar:$WORK/sen-tools/lib/*" "$WORK/GenCorpus.java" "$CORPUS" \
      || die "could not write the corpus"
  fi
fi
files=$(find "$CORPUS" -type f -name '*.dcm' | wc -l)
bytes=$(find "$CORPUS" -type f -name '*.dcm' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
[ "$files" -gt 0 ] || die "no .dcm file in $CORPUS"
say "corpus: $files files, $mb MB in $CORPUS; $REPS repetitions"

# ---- receivers ---------------------------------------------------------------------------------
RECV_PID=
PORT=
start_receiver() { # start_receiver ours|dcmtk
  PORT=$(free_port)
  rm -rf "$RECV"; mkdir -p "$RECV"
  case $1 in
    ours)
      rm -f "$WORK/port"
      "${SEN_NET[@]}" scp --port "$PORT" --aet SEN --dir "$RECV" >"$WORK/scp.log" 2>&1 &
      RECV_PID=$! ;;
    dcmtk)
      storescp --aetitle SEN -od "$RECV" "$PORT" >"$WORK/scp.log" 2>&1 &
      RECV_PID=$! ;;
  esac
  pids+=("$RECV_PID")
  local _
  for _ in $(seq 1 300); do
    echoscu -to 2 -aet BENCH -aec SEN 127.0.0.1 "$PORT" >/dev/null 2>&1 && return 0
    kill -0 "$RECV_PID" 2>/dev/null || die "receiver $1 exited: $(cat "$WORK/scp.log")"
    sleep 0.1
  done
  die "receiver $1 did not answer C-ECHO"
}

RECV_CPU=
stop_receiver() {
  RECV_CPU=$(cpu_seconds "$RECV_PID" 2>/dev/null || echo "")
  stop_pid "$RECV_PID"
}

# ---- one run of a pair: sets RESULT to "wall_seconds sender_cpu receiver_cpu" ------------------
RESULT=
run_pair() { # run_pair ID
  local sender receiver
  case $1 in
    ours) sender=ours; receiver=ours ;;
    dcmtk) sender=dcmtk; receiver=dcmtk ;;
    mixed) sender=dcmtk; receiver=ours ;;
  esac
  start_receiver "$receiver"
  local t0 t1 rc=0 cpu
  t0=$EPOCHREALTIME
  if [ "$sender" = ours ]; then
    /usr/bin/time -f '%U %S' -o "$WORK/sender.time" "${SEN_NET[@]}" store -q -aec SEN 127.0.0.1 "$PORT" "$CORPUS" \
      >"$WORK/sender.log" 2>&1 || rc=$?
  else
    /usr/bin/time -f '%U %S' -o "$WORK/sender.time" storescu -nh -aet BENCH -aec SEN +sd +r +sp '*.dcm' 127.0.0.1 "$PORT" "$CORPUS" \
      >"$WORK/sender.log" 2>&1 || rc=$?
  fi
  t1=$EPOCHREALTIME
  stop_receiver
  [ "$rc" = 0 ] || die "$1: the sender failed (exit $rc): $(tail -3 "$WORK/sender.log")"
  local got
  got=$(find "$RECV" -type f ! -name '.*' | wc -l)
  [ "$got" = "$files" ] || die "$1: the receiver holds $got files, not $files"
  cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/sender.time")
  rm -rf "$RECV"
  sync # the next run does not share the disk with this one's write-back
  RESULT=$(awk -v a="$t0" -v b="$t1" -v s="$cpu" -v r="${RECV_CPU:-0}" 'BEGIN { printf "%.3f %s %s", b - a, s, r }')
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A samples cpu_s cpu_r
pairs=(ours dcmtk mixed)
for rep in $(seq 1 "$REPS"); do
  # rotate the order, so that drift on a shared machine does not always hit the same pair
  for k in 0 1 2; do
    id=${pairs[$(( (k + rep - 1) % 3 ))]}
    run_pair "$id"
    read -r secs scpu rcpu <<<"$RESULT"
    say "run $rep/$REPS $id: $secs s (sender CPU $scpu s, receiver CPU $rcpu s)"
    samples[$id]+="$secs "
    cpu_s[$id]+="$scpu "
    cpu_r[$id]+="$rcpu "
  done
done

# ---- the table ---------------------------------------------------------------------------------
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
dcmtk_med=$(med "${samples[dcmtk]}")
label() {
  case $1 in
    ours) echo "Sen store → Sen scp" ;;
    dcmtk) echo "dcmtk storescu → dcmtk storescp" ;;
    mixed) echo "dcmtk storescu → Sen scp" ;;
  esac
}
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/net-store-$stamp.md"
{
  echo "## C-STORE on loopback: $files instances, $mb MB, median of $REPS runs"
  echo
  echo "| pair | median s | instances/s | MB/s | vs dcmtk pair | sender CPU s | receiver CPU s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for id in "${pairs[@]}"; do
    m=$(med "${samples[$id]}")
    awk -v name="$(label "$id")" -v m="$m" -v n="$files" -v b="$bytes" -v d="$dcmtk_med" \
        -v cs="$(med "${cpu_s[$id]}")" -v cr="$(med "${cpu_r[$id]}")" \
        'BEGIN { printf "| %s | %.2f | %.0f | %.1f | %.2f | %.2f | %.2f |\n", name, m, n / m, b / 1e6 / m, d / m, cs, cr }'
  done
  echo
  echo "Samples (s): ours ${samples[ours]}; dcmtk ${samples[dcmtk]}; mixed ${samples[mixed]}"
  echo
  echo "Wall time of the sender from start to exit (JVM start, header scan, association, transfer, release);"
  echo "receivers start fresh for every run and write each object to disk (no fsync). \"vs dcmtk pair\" is"
  echo "the dcmtk pair's median time over this pair's: above 1.0 is faster. TCP_NODELAY=1 for dcmtk."
  echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;"
  echo "$("$jdk/bin/java" -version 2>&1 | head -1 || true); dcmtk $(storescu --version 2>/dev/null | sed -n 's/.*storescu v\([0-9.]*\).*/\1/p' | head -1)."
} | tee "$out"
say "written to $out"

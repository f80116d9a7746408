# The targets of the benchmark: how to start each on loopback with its own config and data folder
# under $WORK, how to tell that it is up, and how to stop it by PID.
#
#   storescp  dcmtk's storage SCP: writes what it receives to a folder, no database. The reference
#             for raw ingest (and C-ECHO); it answers nothing else.
#   orthanc   Orthanc with its DICOMweb plugin, accepting any calling AE.
#   sen       Sen PACS, from the jar that bench/run.sh built (or "not available" with the reason).
#
# Sourced by bench/run.sh, after lib/common.sh. Ports come from BENCH_PORT_BASE.

PORT_STORESCP=$((BENCH_PORT_BASE + 4))
PORT_ORTHANC=$((BENCH_PORT_BASE + 5))
HTTP_ORTHANC=$((BENCH_PORT_BASE + 42))
PORT_SEN=$((BENCH_PORT_BASE + 12))
HTTP_SEN=$((BENCH_PORT_BASE + 80))
HL7_SEN=$((BENCH_PORT_BASE + 75))
PORT_MOVE_DEST=$((BENCH_PORT_BASE + 100)) # movescu's own storage SCP, the C-MOVE destination BENCHSCU

declare -A TARGET_PID=()       # running instance of each target
declare -A TARGET_NA=()        # why a target is not available (empty: it is)
declare -A TARGET_STORE_NA=()  # why it took nothing in (C-STORE refused): its queries cannot be checked
declare -A TARGET_VERSION=() # shown in the report

target_label() {
  case $1 in storescp) echo "storescp" ;; orthanc) echo "Orthanc" ;; sen) echo "Sen" ;; esac
}
target_aet() {
  case $1 in storescp) echo STORESCP ;; orthanc) echo ORTHANC ;; sen) echo "${SEN_AET:-SEN}" ;; esac
}
target_port() {
  case $1 in storescp) echo "$PORT_STORESCP" ;; orthanc) echo "$PORT_ORTHANC" ;; sen) echo "$PORT_SEN" ;; esac
}
# DICOMweb root, or nothing for a target without one.
target_dicomweb() {
  case $1 in
    orthanc) echo "http://127.0.0.1:$HTTP_ORTHANC/dicom-web" ;;
    sen) echo "http://127.0.0.1:$HTTP_SEN/dicom-web" ;;
  esac
}
# Whether the target is an archive (answers queries and retrieves) or only takes in files.
target_is_archive() { [ "$1" != storescp ]; }

# target_start NAME: starts a fresh instance on an empty data folder and waits until it answers
# C-ECHO. Returns 1, with TARGET_NA[NAME] set, when the target is not available.
target_start() {
  local name=$1
  [ -n "${TARGET_NA[$name]:-}" ] && return 1
  target_stop "$name"
  local dir="$WORK/targets/$name"
  # The last run's folder is set aside, not deleted, when there is room (BENCH_SET_ASIDE=1, see
  # run.sh): on ext4 without a journal, files created within a minute or more of a large deletion
  # wait while the allocator skips every inode just freed (perf: recently_deleted), whichever
  # target created them.
  if [ -d "$dir" ] && [ "${BENCH_SET_ASIDE:-0}" = 1 ]; then
    mv "$dir" "$WORK/set-aside/$name.$(date +%s%N)"
  else
    rm -rf "$dir"
  fi
  mkdir -p "$dir/data"
  for p in $(target_ports "$name"); do
    port_free "$p" || { TARGET_NA[$name]="port $p is in use (set BENCH_PORT_BASE)"; return 1; }
  done
  "start_$name" "$dir" || return 1
  local pid=${TARGET_PID[$name]}
  remember_pid "$pid"
  wait_until_up "$name" "$pid" "$dir/log" || { target_stop "$name"; return 1; }
}

target_ports() {
  case $1 in
    storescp) echo "$PORT_STORESCP" ;;
    orthanc) echo "$PORT_ORTHANC $HTTP_ORTHANC" ;;
    sen) echo "$PORT_SEN $HTTP_SEN $HL7_SEN" ;;
  esac
}

target_stop() {
  local pid=${TARGET_PID[$1]:-}
  [ -n "$pid" ] && stop_pid "$pid"
  TARGET_PID[$1]=""
}

# Up when C-ECHO answers. A process that exits, or (Sen) that says it started but whose DICOM port
# stays silent, is "not available".
wait_until_up() {
  local name=$1 pid=$2 log=$3 aet port i started_at=""
  aet=$(target_aet "$name")
  port=$(target_port "$name")
  for i in $(seq 1 300); do # 60 s
    if ! kill -0 "$pid" 2>/dev/null; then
      TARGET_NA[$name]="it exited at start: $(grep -v '^\s*$' "$log" | tail -1 | cut -c1-100)"
      return 1
    fi
    echo_ok "$aet" "$port" && return 0
    if [ "$name" = sen ] && grep -q 'SEN-0002' "$log"; then
      [ -z "$started_at" ] && started_at=$i
      if [ $((i - started_at)) -ge 15 ]; then
        TARGET_NA[$name]="./sen run started, but its DICOM port $port does not answer C-ECHO (AE $aet)"
        return 1
      fi
    fi
    sleep 0.2
  done
  TARGET_NA[$name]="no C-ECHO answer on port $port within 60 s"
  return 1
}

# ---- storescp ---------------------------------------------------------------------------------

start_storescp() {
  local dir=$1
  TARGET_VERSION[storescp]="$(storescp --version 2>&1 | head -1 | sed 's/^\$dcmtk: //; s/ \$$//')"
  storescp -aet STORESCP -od "$dir/data" "$PORT_STORESCP" > "$dir/log" 2>&1 &
  TARGET_PID[storescp]=$!
}

# ---- Orthanc ----------------------------------------------------------------------------------
# Debian's defaults, changed only where the bench needs it (each change is commented):
# own folders and ports, the DICOMweb plugin alone, any calling AE may echo/store/find/get/move,
# the C-MOVE destination BENCHSCU, and UTF-8 as the default encoding (a Vietnamese site sets it).
# Durability is left as shipped (SyncStorageArea: true, fsync per file), as it is for Sen.

start_orthanc() {
  local dir=$1 plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so plugins="[]"
  [ -f "$plugin" ] && plugins="[\"$plugin\"]"
  TARGET_VERSION[orthanc]="Orthanc $(Orthanc --version 2>/dev/null | head -1 | awk '{print $2}'), DICOMweb plugin $(dpkg-query -W -f='${Version}' orthanc-dicomweb 2>/dev/null || echo 'not installed')"
  cat > "$dir/orthanc.json" <<EOF
{
  "Name": "bench",
  "StorageDirectory": "$dir/data/storage",
  "IndexDirectory": "$dir/data/index",
  "Plugins": $plugins,
  "DicomAet": "ORTHANC",
  "DicomPort": $PORT_ORTHANC,
  "HttpPort": $HTTP_ORTHANC,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true,
  "DicomAlwaysAllowMove": true,
  "DicomModalities": { "BENCHSCU": [ "BENCHSCU", "127.0.0.1", $PORT_MOVE_DEST ] },
  "DefaultEncoding": "Utf8",
  "SaveJobs": false,
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
}
EOF
  Orthanc "$dir/orthanc.json" > "$dir/log" 2>&1 &
  TARGET_PID[orthanc]=$!
}

# ---- Sen PACS ---------------------------------------------------------------------------------
# Started from a copy of the jar bench/run.sh built (so a rebuild in the checkout cannot change it
# mid-run), on loopback, with its data folder under $WORK. bench/sen.yaml, when present, is its
# configuration file (for example the C-MOVE destination BENCHSCU at 127.0.0.1:$PORT_MOVE_DEST).

start_sen() {
  local dir=$1
  local -a config=()
  if [ ! -f "$SEN_DIST/sen-server.jar" ]; then
    TARGET_NA[sen]="Sen's server did not build (see $WORK/build-sen.log)"
    return 1
  fi
  [ -f "$BENCH_DIR/sen.yaml" ] && config=(SEN_CONFIG="$BENCH_DIR/sen.yaml")
  TARGET_VERSION[sen]="Sen PACS $SEN_REVISION"
  (
    cd "$dir" || exit 1
    # shellcheck disable=SC2086 # SEN_JAVA_OPTS holds several options
    exec env "${config[@]}" SEN_DATA="$dir/data" SEN_AET="$(target_aet sen)" \
      SEN_DICOM_PORT="$PORT_SEN" SEN_DICOM_BIND=127.0.0.1 \
      SEN_HTTP_PORT="$HTTP_SEN" SEN_HTTP_BIND=127.0.0.1 \
      SEN_HL7_PORT="$HL7_SEN" SEN_HL7_BIND=127.0.0.1 \
      "$JAVA" --enable-native-access=ALL-UNNAMED ${SEN_JAVA_OPTS:-} -cp "$SEN_DIST/sen-server.jar:$SEN_DIST/lib/*" org.senpacs.server.Main
  ) > "$dir/log" 2>&1 &
  TARGET_PID[sen]=$!
}

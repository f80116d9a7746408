#!/usr/bin/env bash
# HL7 ORM ingestion rate of the RIS: ORM^O01 messages sent by HAPI's client to our MLLP listener
# over one connection and over 8 (messages/s, each acknowledged AA and committed).
# Usage: bench/hl7.sh [MESSAGES_PER_RUN]  (default 2000; the whole run stays under 2 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n=${1:-2000}
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -n1)}
export JAVA_HOME
target=target-bench-hl7
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mvn -B -q -o -Dsen.target=$target -DskipTests install -pl dicom-core,dicom-net,storage,pacs-archive >/dev/null
mvn -B -q -o -Dsen.target=$target -DskipTests compile -pl ris-worklist >/dev/null
mvn -B -q -o -Dsen.target=$target dependency:build-classpath -pl ris-worklist -Dmdep.includeScope=test \
    -Dmdep.outputFile="$tmp/cp.txt" >/dev/null
cp="ris-worklist/$target/classes:$(cat "$tmp/cp.txt")"
echo "## HL7 ORM ingestion, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
cat > "$tmp/logback.xml" <<'XML'
<configuration>
  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="ERR"/></root>
</configuration>
XML
"$JAVA_HOME/bin/java" -Dlogback.configurationFile="$tmp/logback.xml" -cp "$cp" bench/java/Hl7Bench.java "$n"

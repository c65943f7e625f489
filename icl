#!/usr/bin/env bash
# The icl command. Finds a JDK >= 25, (re)builds the CLI jar when sources changed, and runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/scripts/find-jdk.sh"
icl_find_jdk
jar="$here/cli/target/icl.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/.git" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit 2>/dev/null)" ]; then
  command -v mvn >/dev/null 2>&1 || { echo "icl: Maven (mvn) is needed to build icl the first time; apt-get install maven" >&2; exit 1; }
  echo "icl: building (first use or sources changed)..." >&2
  log=$(mktemp)
  if ! (cd "$here" && JAVA_HOME=$ICL_JAVA_HOME mvn -B -ntp -q package -DskipTests -pl cli -am >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"; echo "icl: build failed" >&2; exit 1
  fi
  rm -f "$log"
fi
# ICL_JAVA_OPTS adds JVM options, e.g. ICL_JAVA_OPTS=-Xmx16g ./icl sweep ...
exec "$ICL_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC \
  ${ICL_JAVA_OPTS:-} -jar "$jar" "$@"

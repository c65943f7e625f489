#!/usr/bin/env bash
# The icl command. Finds a JDK >= 25, (re)builds the CLI jar when sources changed, and runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/scripts/find-jdk.sh"
icl_find_jdk
jar="$here/cli/target/icl.jar"
stale() { # true when the jar is missing or older than any source, pom or resource
  [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/.git" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  command -v mvn >/dev/null 2>&1 || { echo "icl: Maven (mvn) is needed to build icl the first time; apt-get install maven" >&2; exit 1; }
  # Two icl commands started together must not build into the same target/ at once: one builds, the other waits.
  mkdir -p "$here/.icl"
  exec 9>"$here/.icl/build.lock"
  command -v flock >/dev/null 2>&1 && flock 9
  if stale; then
    echo "icl: building (first use or sources changed)..." >&2
    log=$(mktemp)
    if ! (cd "$here" && JAVA_HOME=$ICL_JAVA_HOME MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" \
          mvn -B -ntp -q package -DskipTests -pl cli -am >"$log" 2>&1); then
      cat "$log" >&2; rm -f "$log"; echo "icl: build failed" >&2; exit 1
    fi
    rm -f "$log"
  fi
  exec 9>&-
fi
# Run a private copy, replaced by rename: a rebuild (or `./build test`) rewrites cli/target/icl.jar in place,
# which would pull classes out from under a sweep that is still running.
run_jar="$here/.icl/icl.jar"
if [ ! -f "$run_jar" ] || [ "$jar" -nt "$run_jar" ]; then
  mkdir -p "$here/.icl"
  tmp=$(mktemp "$here/.icl/icl.jar.XXXXXX")
  cp "$jar" "$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$run_jar"
fi
# ICL_JAVA_OPTS adds JVM options, e.g. ICL_JAVA_OPTS=-Xmx16g ./icl sweep ...
# G1 with 1 MB regions starts every array of 512 KB or more at a region boundary, where ArrayAlignment puts the
# arenas' buffers on 64-byte boundaries; ParallelGC places arrays anywhere (a step 6-10% slower on Intel).
exec "$ICL_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseG1GC -XX:G1HeapRegionSize=1m \
  ${ICL_JAVA_OPTS:-} -jar "$run_jar" "$@"

# Sourced by ./icl and ./build: sets ICL_JAVA_HOME to a JDK >= 25 without asking the user to export anything.
# Order: $JAVA_HOME, then `java` on PATH, then the usual JVM folders. Prints a clear message and fails if none fits.

icl_java_feature() { # prints the feature release (17, 25, ...) of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

icl_is_jdk25() { # $1 = a JDK home; true when it has java and javac of release >= 25
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v; v=$(icl_java_feature "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 25 ]
}

icl_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && icl_is_jdk25 "$JAVA_HOME"; then ICL_JAVA_HOME=$JAVA_HOME; return 0; fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if icl_is_jdk25 "$candidate"; then ICL_JAVA_HOME=$candidate; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    if [ -d "$candidate" ] && icl_is_jdk25 "$candidate"; then ICL_JAVA_HOME=$candidate; return 0; fi
  done
  echo "icl: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks)." >&2
  echo "icl: install one (e.g. Temurin 25) or point JAVA_HOME at it." >&2
  return 1
}

# Sourced by the scripts: finds a JDK >= 21 and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, then JDKs under /usr/lib/jvm and /opt/java (newest first), then `java` on PATH.

_sw_java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

_sw_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(_sw_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(_sw_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate"; return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(_sw_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  return 1
}

if ! SW_JDK=$(_sw_find_jdk); then
  echo "error: Socialwire needs a JDK 21 or newer." >&2
  echo "  Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, /opt/java/* and javac on PATH." >&2
  echo "  Install one (for example Temurin 21 or 25) or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME="$SW_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Maven (mvn) is not on PATH; install Apache Maven 3.8 or newer." >&2
  exit 1
fi

SW_JAVA_MAJOR=$(_sw_java_major "$JAVA_HOME/bin/java")
export SW_JAVA_MAJOR
# JVM flags the embedded stores want on newer JDKs (the flags do not exist before JDK 22/23).
SW_JVM_FLAGS=""
if [ "$SW_JAVA_MAJOR" -ge 22 ]; then SW_JVM_FLAGS="$SW_JVM_FLAGS --enable-native-access=ALL-UNNAMED"; fi
if [ "$SW_JAVA_MAJOR" -ge 23 ]; then
  SW_JVM_FLAGS="$SW_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
  # Maven's own Guava warns about sun.misc.Unsafe on these JDKs; noise, not a problem.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
export SW_JVM_FLAGS

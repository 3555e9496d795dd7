# Sourced by the scripts: builds the local runtime (tests skipped) and sets SW_RUNTIME_CP.
SW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "${SW_SKIP_BUILD:-0}" != "1" ]; then
  echo "building Socialwire (mvn package, tests skipped; the first run downloads dependencies)..." >&2
  (cd "$SW_ROOT" && mvn -q -B -DskipTests package -pl local/runtime -am) >&2
fi
SW_RUNTIME_CP="$SW_ROOT/local/runtime/target/classes:$(cat "$SW_ROOT/local/runtime/target/classpath.txt")"
export SW_ROOT SW_RUNTIME_CP

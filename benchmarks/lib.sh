#!/usr/bin/env bash
# Shared start-up of the benchmark scripts: sourced, never run. After `source "$(dirname "$0")/lib.sh"` the caller
# is in the repository root with $ROOT, $JAVA (a JDK 21 or newer) and $CP (the benchmarks' classpath, once built) set.
#   bench_build <goal> <modules>   ./mvnw <goal> of the modules and what they need, tests skipped (unless SKIP_BUILD=1)
#   bench_exec_jar <service>       the path of <service>/target/<service>-*-exec.jar, or exit if there is not one
#   bench_stack <name>             sets $ENV_FILE: $DEVSTACK_ENV if given, else starts devstack's servers for the run
#                                  (log benchmarks/target/<name>-devstack.log) and stops them when the script exits
#   bench_load <when>              prints the cores and the load average (numbers only mean something when idle)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [[ -f scripts/java-home.sh ]]; then
  # shellcheck source=../scripts/java-home.sh
  source scripts/java-home.sh
elif [[ -z "${JAVA_HOME:-}" ]]; then
  echo "error: set JAVA_HOME to a JDK 21 or newer" >&2
  exit 1
fi
JAVA="$JAVA_HOME/bin/java"
mkdir -p benchmarks/target

bench_build() {
  local goal=$1 modules=$2
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "==> Building $modules (tests skipped)"
    ./mvnw -B -ntp -q -pl "$modules" -am "$goal" -DskipTests -Dspotless.check.skip
  fi
  CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
}

bench_exec_jar() {
  local service=$1 jars
  shopt -s nullglob
  jars=("$service"/target/"$service"-*-exec.jar)
  shopt -u nullglob
  if ((${#jars[@]} != 1)); then
    echo "error: expected one $service/target/$service-*-exec.jar, found ${#jars[@]}" >&2
    exit 1
  fi
  echo "$ROOT/${jars[0]}"
}

BENCH_STACK_PID=""
bench_stop_stack() {
  if [[ -n "$BENCH_STACK_PID" ]]; then
    kill "$BENCH_STACK_PID" 2>/dev/null || true
    wait "$BENCH_STACK_PID" 2>/dev/null || true
  fi
}

bench_stack() {
  local name=$1
  ENV_FILE="${DEVSTACK_ENV:-}"
  if [[ -n "$ENV_FILE" ]]; then
    return
  fi
  ENV_FILE="$ROOT/benchmarks/target/$name-stack.env"
  rm -f "$ENV_FILE"
  echo "==> Starting devstack servers for the run (log: benchmarks/target/$name-devstack.log)"
  "$JAVA" -jar devstack/target/devstack-*-exec.jar servers --env-file "$ENV_FILE" \
    > "$ROOT/benchmarks/target/$name-devstack.log" 2>&1 &
  BENCH_STACK_PID=$!
  trap bench_stop_stack EXIT
  for _ in $(seq 1 180); do
    [[ -f "$ENV_FILE" ]] && return
    sleep 1
  done
  echo "error: devstack did not start" >&2
  exit 1
}

bench_load() {
  echo "==> $(nproc) cores, load average $1: $(cut -d' ' -f1-3 /proc/loadavg) (the numbers only mean something on an idle machine)"
}

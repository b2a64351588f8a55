#!/usr/bin/env bash
# Knowledge-base search latency (ticket-service): p50/p99 of the in-process Lucene index over 50,000 entries next to a
# plain PostgreSQL LIKE baseline on the same rows, both measured in this run on this machine.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`); without
# it, starts its own servers for the run and stops them afterwards.
# Settings: BENCH_ENTRIES (50000), BENCH_QUERIES (3000), BENCH_SQL_QUERIES (300), SKIP_BUILD=1.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

if [[ -f scripts/java-home.sh ]]; then
  # shellcheck source=../scripts/java-home.sh
  source scripts/java-home.sh
elif [[ -z "${JAVA_HOME:-}" ]]; then
  echo "error: set JAVA_HOME to a JDK 21 or newer" >&2
  exit 1
fi
JAVA="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "==> Building ticket-service, devstack and the benchmarks (tests skipped)"
  ./mvnw -B -ntp -q -pl devstack,ticket-service,benchmarks -am install -DskipTests -Dspotless.check.skip
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/knowledge-search.log"

STARTED_PID=""
cleanup() {
  if [[ -n "$STARTED_PID" ]]; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

ENV_FILE="${DEVSTACK_ENV:-}"
if [[ -z "$ENV_FILE" ]]; then
  ENV_FILE="$ROOT/benchmarks/target/kb-stack.env"
  rm -f "$ENV_FILE"
  echo "==> Starting devstack servers for the run (log: benchmarks/target/kb-devstack.log)"
  "$JAVA" -jar devstack/target/devstack-*-exec.jar servers --env-file "$ENV_FILE" \
    > "$ROOT/benchmarks/target/kb-devstack.log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 180); do
    [[ -f "$ENV_FILE" ]] && break
    sleep 1
  done
  [[ -f "$ENV_FILE" ]] || { echo "error: devstack did not start" >&2; exit 1; }
fi

"$JAVA" -Xmx1g -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.entries="${BENCH_ENTRIES:-50000}" \
  -Dbench.queries="${BENCH_QUERIES:-3000}" \
  -Dbench.sqlQueries="${BENCH_SQL_QUERIES:-300}" \
  cn.hotline.benchmarks.knowledge.KnowledgeSearchBenchmark | tee "$LOG"

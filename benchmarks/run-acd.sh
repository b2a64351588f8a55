#!/usr/bin/env bash
# ACD benchmarks of call-cloud, both measured in one run on this machine:
#   (1) assignment decisions/s and p99 of the real ACD vs a PostgreSQL FOR UPDATE SKIP LOCKED baseline (ratio),
#   (2) a discrete-event call simulation driving the real ACD vs Erlang C, and the 4-group capacity share.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`); without
# it, starts its own servers for the run and stops them afterwards.
# Settings: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (5), BENCH_SQL_THREADS (4), SIM_HOURS (1000), SIM_LOADS
# (245,249,253), ONLY (decisions or simulation), SKIP_BUILD=1.
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
  echo "==> Building call-cloud, devstack and the benchmarks (tests skipped)"
  ./mvnw -B -ntp -q -pl devstack,benchmarks -am install -DskipTests -Dspotless.check.skip
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/acd.log"
echo "==> $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the numbers only mean something on an idle machine)"

STARTED_PID=""
cleanup() {
  if [[ -n "$STARTED_PID" ]]; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [[ "${ONLY:-}" != simulation ]]; then
  ENV_FILE="${DEVSTACK_ENV:-}"
  if [[ -z "$ENV_FILE" ]]; then
    ENV_FILE="$ROOT/benchmarks/target/acd-stack.env"
    rm -f "$ENV_FILE"
    echo "==> Starting devstack servers for the run (log: benchmarks/target/acd-devstack.log)"
    "$JAVA" -jar devstack/target/devstack-*-exec.jar servers --env-file "$ENV_FILE" \
      > "$ROOT/benchmarks/target/acd-devstack.log" 2>&1 &
    STARTED_PID=$!
    for _ in $(seq 1 180); do
      [[ -f "$ENV_FILE" ]] && break
      sleep 1
    done
    [[ -f "$ENV_FILE" ]] || { echo "error: devstack did not start" >&2; exit 1; }
  fi
  echo "==> (1) ACD decisions vs SQL baseline"
  "$JAVA" -Xmx512m -cp "$CP" \
    -Dbench.env="$ENV_FILE" \
    -Dbench.seconds="${BENCH_SECONDS:-15}" \
    -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-5}" \
    -Dbench.sqlThreads="${BENCH_SQL_THREADS:-4}" \
    cn.hotline.benchmarks.acd.AcdDecisionBenchmark | tee "$LOG"
fi

if [[ "${ONLY:-}" != decisions ]]; then
  echo "==> (2) Call simulation vs Erlang C"
  "$JAVA" -Xmx1g -cp "$CP" \
    -Dbench.hours="${SIM_HOURS:-1000}" \
    -Dbench.loads="${SIM_LOADS:-245,249,253}" \
    cn.hotline.benchmarks.acd.AcdSimulationBenchmark | tee -a "$LOG"
fi

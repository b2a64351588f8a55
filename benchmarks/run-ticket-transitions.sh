#!/usr/bin/env bash
# Ticket transitions per second through ticket-service's API, against two baselines measured in the same run
# (GET /actuator/health and GET one ticket). Needs a running devstack: pass its env file as the first argument
# (java -jar devstack/target/devstack-*-exec.jar servers --env-file /tmp/s.env). Builds ticket-service's jar unless
# SKIP_BUILD=1. Override BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (20), BENCH_CONCURRENCY (16),
# TICKET_JVM_OPTIONS (-Xmx512m).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"
ENV_FILE=${1:?usage: benchmarks/run-ticket-transitions.sh <devstack stack.env>}
ENV_FILE=$(cd "$(dirname "$ENV_FILE")" && pwd)/$(basename "$ENV_FILE")

if [[ -f scripts/java-home.sh ]]; then
  # shellcheck source=../scripts/java-home.sh
  source scripts/java-home.sh
fi
JAVA="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "==> Building ticket-service's executable jar and the benchmarks (tests skipped)"
  ./mvnw -B -ntp -q -pl ticket-service,benchmarks -am package -DskipTests
fi
shopt -s nullglob
jars=(ticket-service/target/ticket-service-*-exec.jar)
shopt -u nullglob
if ((${#jars[@]} != 1)); then
  echo "error: expected one ticket-service/target/ticket-service-*-exec.jar, found ${#jars[@]}" >&2
  exit 1
fi
mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/ticket-transitions.log"
echo "==> $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the numbers only mean something on an idle machine)"
"$JAVA" -Xmx256m \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.ticket.jar="$ROOT/${jars[0]}" \
  -Dbench.ticket.jvmOptions="${TICKET_JVM_OPTIONS:--Xmx512m}" \
  -Dbench.seconds="${BENCH_SECONDS:-20}" \
  -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-20}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  cn.hotline.benchmarks.ticket.TicketTransitions | tee "$LOG"
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

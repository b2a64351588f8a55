#!/usr/bin/env bash
# Webhook end-to-end latency of the city 12345 exchange: signed POST /hooks/city/{tenant}/tickets to a real
# ticket-service (its executable jar, own JVM) against devstack's PostgreSQL and Pulsar, p50/p99 against a baseline
# measured in the same run on the same server (GET /actuator/health/liveness), plus the replay path (a webhook id
# seen before). Override: BENCH_REQUESTS (2000 per series), BENCH_WARMUP (500), BENCH_CONCURRENCY (4),
# DEVSTACK_ENV (use a running stack's env file instead of starting one), SKIP_BUILD=1.
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
  ./mvnw -B -ntp -q -pl ticket-service,devstack,benchmarks -am install -DskipTests -Dspotless.check.skip
fi
shopt -s nullglob
jars=(ticket-service/target/ticket-service-*-exec.jar)
shopt -u nullglob
if ((${#jars[@]} != 1)); then
  echo "error: expected one ticket-service/target/ticket-service-*-exec.jar, found ${#jars[@]}" >&2
  exit 1
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/city-webhook.log"

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
  ENV_FILE="$ROOT/benchmarks/target/city-stack.env"
  rm -f "$ENV_FILE"
  echo "==> Starting devstack servers for the run (log: benchmarks/target/city-devstack.log)"
  "$JAVA" -jar devstack/target/devstack-*-exec.jar servers --env-file "$ENV_FILE" \
    > "$ROOT/benchmarks/target/city-devstack.log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 180); do
    [[ -f "$ENV_FILE" ]] && break
    sleep 1
  done
  [[ -f "$ENV_FILE" ]] || { echo "error: devstack did not start" >&2; exit 1; }
fi

"$JAVA" -Xmx256m -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.ticketJar="$ROOT/${jars[0]}" \
  -Dbench.requests="${BENCH_REQUESTS:-2000}" \
  -Dbench.warmup="${BENCH_WARMUP:-500}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-4}" \
  -Dbench.log="$ROOT/benchmarks/target/city-webhook-ticket-service.log" \
  cn.hotline.benchmarks.city.CityWebhookLatency | tee "$LOG"

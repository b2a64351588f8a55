#!/usr/bin/env bash
# Builds the gateway's executable jar and this module, then measures requests/s of a small JSON GET sent directly to
# a WebFlux service and through the real gateway (its own JVM), and prints the ratio. Short settings for a 2-core
# machine: 1 fork, 3 warm-up and 5 measured iterations of 5 s per benchmark (about 2 minutes in all).
# Override with environment variables: BENCH_WARMUPS, BENCH_ITERATIONS, BENCH_SECONDS, BENCH_CONCURRENCY (16),
# BENCH_ONLY (direct or throughGateway), GATEWAY_JAR (another build), GATEWAY_JVM_OPTIONS (-Xmx512m), GATEWAY_ARGS (e.g. "--management.observations.enabled=false"), SKIP_BUILD=1.
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
echo "==> JDK: $JAVA_HOME"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "==> Building the gateway's executable jar and the benchmarks (tests skipped)"
  ./mvnw -B -ntp -q -pl gateway,benchmarks -am package -DskipTests
fi

shopt -s nullglob
jars=(gateway/target/gateway-*-exec.jar)
shopt -u nullglob
if ((${#jars[@]} != 1)); then
  echo "error: expected one gateway/target/gateway-*-exec.jar, found ${#jars[@]}" >&2
  exit 1
fi

mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/gateway-overhead.log"
echo "==> Running (output also in $LOG; the gateway logs to benchmarks/target/gateway-benchmark.log)"
echo "==> $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the numbers only mean something on an idle machine)"
"$JAVA" -Xmx256m \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  -Dbench.warmups="${BENCH_WARMUPS:-3}" \
  -Dbench.iterations="${BENCH_ITERATIONS:-5}" \
  -Dbench.seconds="${BENCH_SECONDS:-5}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  -Dbench.only="${BENCH_ONLY:-}" \
  -Dbench.gateway.jar="${GATEWAY_JAR:-$ROOT/${jars[0]}}" \
  -Dbench.gateway.jvmOptions="${GATEWAY_JVM_OPTIONS:--Xmx512m}" \
  -Dbench.gateway.args="${GATEWAY_ARGS:-}" \
  -Dbench.gateway.log="$ROOT/benchmarks/target/gateway-benchmark.log" \
  -Dbench.gateway.warmupSeconds="${GATEWAY_WARMUP_SECONDS:-30}" \
  cn.hotline.benchmarks.GatewayOverhead | tee "$LOG"

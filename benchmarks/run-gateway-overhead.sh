#!/usr/bin/env bash
# Builds the gateway's executable jar and this module, then measures requests/s of a small JSON GET sent directly to
# a WebFlux service and through the real, secured gateway (its own JVM; a bearer JWT from an in-process issuer on every
# request; the per-tenant rate limit checked in a real redis-server started for the run, limit set never to throttle),
# once with the rate limit on and once switched off, and prints the ratios. Short settings for a 2-core machine: 1 fork,
# 3 warm-up and 5 measured iterations of 5 s per benchmark, plus 30 s of gateway warm-up (about 5 minutes in all).
# Needs redis-server on the PATH (Debian package redis-server) or REDIS_SERVER=/path/to/redis-server.
# Override with environment variables: BENCH_WARMUPS, BENCH_ITERATIONS, BENCH_SECONDS, BENCH_CONCURRENCY (16),
# BENCH_ONLY (direct, throughGateway or throughGatewayWithoutRateLimit), GATEWAY_JAR (another build),
# GATEWAY_JVM_OPTIONS (-Xmx512m), GATEWAY_ARGS (--name=value properties, applied last), GATEWAY_WARMUP_SECONDS (30),
# SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "==> JDK: $JAVA_HOME"

REDIS_SERVER=${REDIS_SERVER:-redis-server}
if [[ "${BENCH_ONLY:-}" != direct ]] && ! command -v "$REDIS_SERVER" >/dev/null; then
  echo "error: $REDIS_SERVER not found: install the Debian package redis-server or set REDIS_SERVER" >&2
  exit 1
fi

bench_build package gateway,benchmarks
GATEWAY_JAR=${GATEWAY_JAR:-$(bench_exec_jar gateway)}

LOG="$ROOT/benchmarks/target/gateway-overhead.log"
echo "==> Running (output also in $LOG; the gateway and Redis log to benchmarks/target/{gateway,redis}-benchmark*.log)"
bench_load before
"$JAVA" -Xmx256m \
  -cp "$CP" \
  -Dbench.warmups="${BENCH_WARMUPS:-3}" \
  -Dbench.iterations="${BENCH_ITERATIONS:-5}" \
  -Dbench.seconds="${BENCH_SECONDS:-5}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  -Dbench.only="${BENCH_ONLY:-}" \
  -Dbench.gateway.jar="$GATEWAY_JAR" \
  -Dbench.gateway.jvmOptions="${GATEWAY_JVM_OPTIONS:--Xmx512m}" \
  -Dbench.gateway.args="${GATEWAY_ARGS:-}" \
  -Dbench.gateway.log="$ROOT/benchmarks/target/gateway-benchmark.log" \
  -Dbench.gateway.warmupSeconds="${GATEWAY_WARMUP_SECONDS:-30}" \
  -Dbench.redis.binary="$REDIS_SERVER" \
  cn.hotline.benchmarks.GatewayOverhead | tee "$LOG"
bench_load after

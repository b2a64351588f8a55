#!/usr/bin/env bash
# Webhook end-to-end latency of the city 12345 exchange: signed POST /hooks/city/{tenant}/tickets to a real
# ticket-service (its executable jar, own JVM) against devstack's PostgreSQL and Pulsar, p50/p99 against a baseline
# measured in the same run on the same server (GET /actuator/health/liveness), plus the replay path (a webhook id
# seen before). Override: BENCH_REQUESTS (2000 per series), BENCH_WARMUP (500), BENCH_CONCURRENCY (4),
# DEVSTACK_ENV (use a running stack's env file instead of starting one), SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install ticket-service,devstack,benchmarks
TICKET_JAR=$(bench_exec_jar ticket-service)
bench_stack city

"$JAVA" -Xmx256m -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.ticketJar="$TICKET_JAR" \
  -Dbench.requests="${BENCH_REQUESTS:-2000}" \
  -Dbench.warmup="${BENCH_WARMUP:-500}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-4}" \
  -Dbench.log="$ROOT/benchmarks/target/city-webhook-ticket-service.log" \
  cn.hotline.benchmarks.city.CityWebhookLatency | tee "$ROOT/benchmarks/target/city-webhook.log"

#!/usr/bin/env bash
# Ticket transitions per second through ticket-service's API, against two baselines measured in the same run
# (GET /actuator/health and GET one ticket). Needs a running devstack: pass its env file as the first argument
# (java -jar devstack/target/devstack-*-exec.jar servers --env-file /tmp/s.env). Builds ticket-service's jar unless
# SKIP_BUILD=1. Override BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (20), BENCH_CONCURRENCY (16),
# TICKET_JVM_OPTIONS (-Xmx512m).
ENV_FILE=${1:?usage: benchmarks/run-ticket-transitions.sh <devstack stack.env>}
ENV_FILE=$(cd "$(dirname "$ENV_FILE")" && pwd)/$(basename "$ENV_FILE")
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build package ticket-service,benchmarks
TICKET_JAR=$(bench_exec_jar ticket-service)
LOG="$ROOT/benchmarks/target/ticket-transitions.log"
bench_load before
"$JAVA" -Xmx256m \
  -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.ticket.jar="$TICKET_JAR" \
  -Dbench.ticket.jvmOptions="${TICKET_JVM_OPTIONS:--Xmx512m}" \
  -Dbench.seconds="${BENCH_SECONDS:-20}" \
  -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-20}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-16}" \
  cn.hotline.benchmarks.ticket.TicketTransitions | tee "$LOG"
bench_load after

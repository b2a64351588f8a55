#!/usr/bin/env bash
# ACD benchmarks of call-cloud, both measured in one run on this machine:
#   (1) assignment decisions/s and p99 of the real ACD vs a PostgreSQL FOR UPDATE SKIP LOCKED baseline (ratio),
#   (2) a discrete-event call simulation driving the real ACD vs Erlang C, and the 4-group capacity share.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`); without
# it, starts its own servers for the run and stops them afterwards.
# Settings: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (5), BENCH_SQL_THREADS (4), BENCH_ROUNDS (3: the SQL baseline
# and the durable path take turns this many times), BENCH_DEPTHS (1,2: the durable writer's pipeline depths measured),
# BENCH_IN_FLIGHT (64 calls), SIM_HOURS (4000), SIM_LOADS (245,249,253), SIM_HEAP (6g; about 1 GB per 1500 simulated hours: answered calls leave their switched-off ring timers in the heap), ONLY (decisions or simulation), SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install devstack,benchmarks
LOG="$ROOT/benchmarks/target/acd.log"
bench_load before

if [[ "${ONLY:-}" != simulation ]]; then
  bench_stack acd
  echo "==> (1) ACD decisions vs SQL baseline"
  "$JAVA" -Xmx512m -cp "$CP" \
    -Dbench.env="$ENV_FILE" \
    -Dbench.seconds="${BENCH_SECONDS:-15}" \
    -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-5}" \
    -Dbench.sqlThreads="${BENCH_SQL_THREADS:-4}" \
    -Dbench.rounds="${BENCH_ROUNDS:-3}" \
    -Dbench.depths="${BENCH_DEPTHS:-1,2}" \
    -Dbench.inFlight="${BENCH_IN_FLIGHT:-64}" \
    cn.hotline.benchmarks.acd.AcdDecisionBenchmark | tee "$LOG"
fi

if [[ "${ONLY:-}" != decisions ]]; then
  echo "==> (2) Call simulation vs Erlang C"
  "$JAVA" -Xmx"${SIM_HEAP:-6g}" -cp "$CP" \
    -Dbench.hours="${SIM_HOURS:-4000}" \
    -Dbench.loads="${SIM_LOADS:-245,249,253}" \
    cn.hotline.benchmarks.acd.AcdSimulationBenchmark | tee -a "$LOG"
fi

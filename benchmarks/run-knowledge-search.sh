#!/usr/bin/env bash
# Knowledge-base search latency (ticket-service): p50/p99 of the in-process Lucene index over 50,000 entries next to a
# plain PostgreSQL LIKE baseline on the same rows, both measured in this run on this machine.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`); without
# it, starts its own servers for the run and stops them afterwards.
# Settings: BENCH_ENTRIES (50000), BENCH_QUERIES (3000), BENCH_SQL_QUERIES (300), SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install devstack,ticket-service,benchmarks
bench_stack kb

"$JAVA" -Xmx1g -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.entries="${BENCH_ENTRIES:-50000}" \
  -Dbench.queries="${BENCH_QUERIES:-3000}" \
  -Dbench.sqlQueries="${BENCH_SQL_QUERIES:-300}" \
  cn.hotline.benchmarks.knowledge.KnowledgeSearchBenchmark | tee "$ROOT/benchmarks/target/knowledge-search.log"

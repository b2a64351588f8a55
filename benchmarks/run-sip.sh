#!/usr/bin/env bash
# Benchmark (3): SIP call set-up rate and p99 with SIPp on this machine, three paths measured in one run:
# SIPp -> SIPp's own UAS (baseline), SIPp -> call-cloud, SIPp -> Kamailio -> call-cloud; ratios against the baseline.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`; it must
# include Kamailio and rtpengine); without it, starts its own servers for the run and stops them afterwards.
# Settings: SIP_CALLS (2000 per path), SIP_WARMUP_CALLS (300), SIP_CONCURRENCY (16), SIP_START_SECONDS (300: how
# long call-cloud may take to start), SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install devstack,call-cloud,benchmarks
LOG="$ROOT/benchmarks/target/sip.log"
bench_load before
bench_stack sip

echo "==> (3) SIP call set-up: baseline SIPp UAS, call-cloud direct, through Kamailio"
"$JAVA" -Xmx256m -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.calls="${SIP_CALLS:-2000}" \
  -Dbench.warmupCalls="${SIP_WARMUP_CALLS:-300}" \
  -Dbench.concurrency="${SIP_CONCURRENCY:-16}" \
  -Dbench.startSeconds="${SIP_START_SECONDS:-300}" \
  cn.hotline.benchmarks.sip.SipSetupBenchmark | tee "$LOG"

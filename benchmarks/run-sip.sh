#!/usr/bin/env bash
# Benchmark (3): SIP call set-up rate and p99 with SIPp on this machine, three paths measured in one run:
# SIPp -> SIPp's own UAS (baseline), SIPp -> call-cloud, SIPp -> Kamailio -> call-cloud; ratios against the baseline.
# Uses the devstack servers named by DEVSTACK_ENV (an env file written by `devstack servers --env-file ...`; it must
# include Kamailio and rtpengine); without it, starts its own servers for the run and stops them afterwards.
# Settings: SIP_CALLS (2000 per path), SIP_WARMUP_CALLS (300), SIP_CONCURRENCY (16), SKIP_BUILD=1.
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
  ./mvnw -B -ntp -q -pl devstack,call-cloud,benchmarks -am install -DskipTests -Dspotless.check.skip
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)"
mkdir -p benchmarks/target
LOG="$ROOT/benchmarks/target/sip.log"
echo "==> $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the numbers only mean something on an idle machine)"

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
  ENV_FILE="$ROOT/benchmarks/target/sip-stack.env"
  rm -f "$ENV_FILE"
  echo "==> Starting devstack servers for the run (log: benchmarks/target/sip-devstack.log)"
  "$JAVA" -jar devstack/target/devstack-*-exec.jar servers --env-file "$ENV_FILE" \
    > "$ROOT/benchmarks/target/sip-devstack.log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 180); do
    [[ -f "$ENV_FILE" ]] && break
    sleep 1
  done
  [[ -f "$ENV_FILE" ]] || { echo "error: devstack did not start" >&2; exit 1; }
fi

echo "==> (3) SIP call set-up: baseline SIPp UAS, call-cloud direct, through Kamailio"
"$JAVA" -Xmx256m -cp "$CP" \
  -Dbench.env="$ENV_FILE" \
  -Dbench.calls="${SIP_CALLS:-2000}" \
  -Dbench.warmupCalls="${SIP_WARMUP_CALLS:-300}" \
  -Dbench.concurrency="${SIP_CONCURRENCY:-16}" \
  cn.hotline.benchmarks.sip.SipSetupBenchmark | tee "$LOG"

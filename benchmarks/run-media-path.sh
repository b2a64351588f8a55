#!/usr/bin/env bash
# Media-path benchmark: one-way latency through rtpengine (userspace, as devstack runs it) against direct loopback
# (ratio), and concurrent bridged calls per core of rtpengine, printed against the G.114 budget (150 ms one-way).
# Starts its own rtpengine on free loopback ports and stops it afterwards. Needs Debian's rtpengine-daemon.
# Settings: BENCH_SECONDS (10) per step, BENCH_CALLS (25,50,100,150,200), SKIP_BUILD=1.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

if [[ -f scripts/java-home.sh ]]; then
  # shellcheck source=../scripts/java-home.sh
  source scripts/java-home.sh
fi
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "==> Building the benchmarks (tests skipped)"
  ./mvnw -B -ntp -q -pl benchmarks -am install -DskipTests -Dspotless.check.skip
fi
exec "$JAVA" -Dbench.seconds="${BENCH_SECONDS:-10}" -Dbench.calls="${BENCH_CALLS:-25,50,100,150,200}" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  cn.hotline.benchmarks.media.MediaPathBenchmark

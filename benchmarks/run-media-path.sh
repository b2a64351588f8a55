#!/usr/bin/env bash
# Media-path benchmark: one-way latency through rtpengine (userspace, as devstack runs it) against direct loopback
# (ratio), and concurrent bridged calls per core of rtpengine, printed against the G.114 budget (150 ms one-way).
# Starts its own rtpengine on free loopback ports and stops it afterwards. Needs Debian's rtpengine-daemon.
# Settings: BENCH_SECONDS (10) per step, BENCH_CALLS (25,50,100,150,200), SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install benchmarks
exec "$JAVA" -Dbench.seconds="${BENCH_SECONDS:-10}" -Dbench.calls="${BENCH_CALLS:-25,50,100,150,200}" \
  -cp "$CP" \
  cn.hotline.benchmarks.media.MediaPathBenchmark

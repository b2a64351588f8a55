#!/usr/bin/env bash
# Media-path benchmark: one-way latency through rtpengine (userspace, as devstack runs it) against direct loopback
# (ratio), concurrent bridged calls per core of rtpengine, and the mixer (Janus AudioBridge behind rtpengine, as the
# local adapter mixes three-way calls, whisper and barge): its latency against the direct rtpengine bridge (ratio) and
# concurrent mixed three-party calls per core, all printed against the G.114 budget (150 ms one-way).
# Starts its own rtpengine on free loopback ports and stops it afterwards; Janus comes from a devstack (DEVSTACK_ENV
# reuses a running one, otherwise devstack's servers are started for the run). Needs Debian's rtpengine-daemon, janus.
# Settings: BENCH_SECONDS (10) per step, BENCH_CALLS (25,50,100,150,200), BENCH_MIX_CALLS (5,10,15,20),
# BENCH_MIX_PREBUFFERING (1,3,6: AudioBridge default_prebuffering values also measured; the first gets a table too),
# DEVSTACK_ENV, SKIP_BUILD=1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build install benchmarks
bench_stack media-path
bench_load before
"$JAVA" -Dbench.seconds="${BENCH_SECONDS:-10}" -Dbench.calls="${BENCH_CALLS:-25,50,100,150,200}" \
  -Dbench.mix.calls="${BENCH_MIX_CALLS:-5,10,15,20}" -Dbench.mix.prebuffering="${BENCH_MIX_PREBUFFERING:-1,3,6}" -Dbench.devstack.env="$ENV_FILE" \
  -cp "$CP" \
  cn.hotline.benchmarks.media.MediaPathBenchmark
bench_load after

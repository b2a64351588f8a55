/** Media-path benchmarks: one-way latency through rtpengine against direct loopback, and bridged calls per core. */
@NullMarked
package cn.hotline.benchmarks.media;

import org.jspecify.annotations.NullMarked;

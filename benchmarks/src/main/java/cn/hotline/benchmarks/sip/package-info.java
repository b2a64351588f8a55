/**
 * Benchmark (3) of call-cloud: SIP call set-up rate and p99 with SIPp, through Kamailio and straight to call-cloud,
 * against SIPp's own UAS as the baseline measured in the same run.
 */
@NullMarked
package cn.hotline.benchmarks.sip;

import org.jspecify.annotations.NullMarked;

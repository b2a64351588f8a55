/**
 * Benchmarks of call-cloud's ACD: assignment decisions against a SQL baseline, and a discrete-event call simulation
 * against Erlang C.
 */
@NullMarked
package cn.hotline.benchmarks.acd;

import org.jspecify.annotations.NullMarked;

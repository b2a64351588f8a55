/** Knowledge-base search latency with 50,000 entries against a plain SQL LIKE baseline measured in the same run. */
@NullMarked
package cn.hotline.benchmarks.knowledge;

import org.jspecify.annotations.NullMarked;

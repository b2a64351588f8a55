/** Ticket transitions per second through ticket-service's API, against baselines measured in the same run. */
@NullMarked
package cn.hotline.benchmarks.ticket;

import org.jspecify.annotations.NullMarked;

/** Webhook end-to-end latency of the city 12345 exchange (ticket-service's {@code /hooks/city/**}). */
@NullMarked
package cn.hotline.benchmarks.city;

import org.jspecify.annotations.NullMarked;

/**
 * Tenant quotas (R-TEN-3): seats, concurrent calls, recording storage and API requests per second; limits set by the
 * operator, consumption counted atomically in Redis under {@code t:{tenant}:quota}.
 */
@NullMarked
package cn.hotline.tenant.quota;

import org.jspecify.annotations.NullMarked;

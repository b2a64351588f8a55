/**
 * Per-tenant request rate limits at the gateway: a token bucket per tenant in Redis
 * ({@code t:{tenant}:rl:api}), answered 429 {@code TENANT_QUOTA_EXCEEDED} with {@code Retry-After}, and an
 * explicit, logged and counted policy for when Redis cannot be asked.
 */
@NullMarked
package cn.hotline.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;

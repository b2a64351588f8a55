/**
 * Routing to the backend services: the routes built from {@code cc.gateway.services}, the per-service circuit breaker
 * and time limit with their problem-detail fallbacks, and the trust boundary that cleans what clients send.
 */
@NullMarked
package cn.hotline.gateway.routing;

import org.jspecify.annotations.NullMarked;

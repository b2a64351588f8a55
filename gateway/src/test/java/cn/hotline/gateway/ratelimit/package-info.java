/** Tests of the per-tenant rate limits. */
@NullMarked
package cn.hotline.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;

/**
 * Who is calling: the {@link cn.hotline.kernel.security.Caller} built from a tenant issuer's JWT, and
 * the resource-server filter chain every WebFlux service gets by default (ADR 0002): tenant issuers
 * only, path tenant = token tenant (else 404), operator-only platform paths, internal-token paths, and
 * the tenant bound in the Reactor Context for the R2DBC guard.
 */
@NullMarked
package cn.hotline.kernel.security;

import org.jspecify.annotations.NullMarked;

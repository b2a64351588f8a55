/**
 * Issuers per tenant: which tenant a request or an issuer belongs to, the gate that lets only active
 * tenants (and {@code platform}) issue tokens, and the clients known on each issuer.
 */
@NullMarked
package cn.hotline.auth.issuer;

import org.jspecify.annotations.NullMarked;

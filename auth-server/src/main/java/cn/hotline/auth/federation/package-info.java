/**
 * Login delegated to a tenant's upstream OpenID provider (R-TEN-4): discovery, authorization code with
 * PKCE, state and nonce, ID token verification. The upstream subject is then mapped to a local account by
 * tenant-service.
 */
@NullMarked
package cn.hotline.auth.federation;

import org.jspecify.annotations.NullMarked;

/**
 * Federation and account sync (R-TEN-4): a tenant's upstream OIDC provider (its government identity platform), the
 * links from upstream subjects to local accounts, the federated sign-in auth-server asks for, and the sync API that
 * keeps accounts in step with the upstream platform.
 */
@NullMarked
package cn.hotline.tenant.federation;

import org.jspecify.annotations.NullMarked;

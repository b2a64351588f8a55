/**
 * The append-only, hash-chained audit log (one chain per tenant and one for the platform) and operators' audited,
 * time-limited support grants.
 */
@NullMarked
package cn.hotline.tenant.audit;

import org.jspecify.annotations.NullMarked;

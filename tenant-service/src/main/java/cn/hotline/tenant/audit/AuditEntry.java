package cn.hotline.tenant.audit;

import java.time.Instant;

/**
 * One entry of an audit chain.
 *
 * @param chain the tenant slug, or {@code platform}
 * @param seq position in the chain, from 1 without gaps
 * @param detail the detail as JSON text
 * @param hash hex SHA-256 over the previous entry's hash and this entry's fields
 */
public record AuditEntry(
        String chain, long seq, Instant at, String actor, String action, String target, String detail, String hash) {}

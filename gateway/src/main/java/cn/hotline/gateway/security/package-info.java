/**
 * Who may pass the gateway: bearer tokens of the tenants' issuers (the city platform's clients), and the
 * console's users through the backend-for-frontend login (confidential client {@code console-bff} per
 * tenant issuer, tokens kept in the Redis-backed session, relayed to the services and refreshed). The
 * path tenant must be the caller's (else 404); {@code /api/*}{@code /internal/**} is never routed.
 */
@NullMarked
package cn.hotline.gateway.security;

import org.jspecify.annotations.NullMarked;
